import { assertEquals, assertStringIncludes, assertThrows } from "../_support/assert.ts";
import { OperationError } from "../../src/errors.ts";
import {
  applySshConfigBlock,
  renderSshConfigBlock,
  SSH_CONFIG_MARKER,
} from "../../src/tool/ssh_config_block.ts";

const BLOCK = renderSshConfigBlock("/home/u/.egs/ssh/catlet.d", "/home/u/.egs/ssh/vm.d");
const BLOCK_TEXT = BLOCK.join("\n") + "\n";

Deno.test("renderSshConfigBlock() writes absolute quoted Include lines between markers", () => {
  assertEquals(BLOCK[0], SSH_CONFIG_MARKER);
  assertEquals(BLOCK[BLOCK.length - 1], SSH_CONFIG_MARKER);
  assertEquals(BLOCK.includes('Include "/home/u/.egs/ssh/catlet.d/*"'), true);
  assertEquals(BLOCK.includes('Include "/home/u/.egs/ssh/vm.d/*"'), true);
});

Deno.test("renderSshConfigBlock() writes Windows paths with forward slashes", () => {
  const block = renderSshConfigBlock("C:\\Users\\u\\ssh\\catlet.d", "C:\\Users\\u\\ssh\\vm.d");
  assertEquals(block.includes('Include "C:/Users/u/ssh/vm.d/*"'), true);
});

Deno.test("applySshConfigBlock() writes the block alone into an empty file", () => {
  assertEquals(applySshConfigBlock("", BLOCK, "config"), BLOCK_TEXT);
  assertEquals(applySshConfigBlock("\n  \n", BLOCK, "config"), BLOCK_TEXT);
});

Deno.test("applySshConfigBlock() prepends the block before existing Host entries", () => {
  const existing = "Host example\n  User me\n";
  const result = applySshConfigBlock(existing, BLOCK, "config");
  assertEquals(result, BLOCK_TEXT + "\n" + existing);
});

Deno.test("applySshConfigBlock() replaces an existing block in place", () => {
  const old = [
    "# mine",
    SSH_CONFIG_MARKER,
    'Include "~/old/vm.d/*"',
    SSH_CONFIG_MARKER,
    "Host example",
    "",
  ].join("\n");
  const result = applySshConfigBlock(old, BLOCK, "config");
  assertEquals(result, ["# mine", ...BLOCK, "Host example", ""].join("\n"));
});

Deno.test("applySshConfigBlock() is idempotent", () => {
  const once = applySshConfigBlock("Host example\n  User me\n", BLOCK, "config");
  assertEquals(applySshConfigBlock(once, BLOCK, "config"), once);
});

Deno.test("applySshConfigBlock() keeps CRLF line endings", () => {
  const result = applySshConfigBlock("Host a\r\n  User b\r\n", BLOCK, "config");
  assertEquals(result, BLOCK.join("\r\n") + "\r\n\r\nHost a\r\n  User b\r\n");
  assertEquals(applySshConfigBlock(result, BLOCK, "config"), result);
});

Deno.test("applySshConfigBlock() rejects a single marker and names its line", () => {
  const text = `Host a\n  User b\n${SSH_CONFIG_MARKER}\nInclude x\n`;
  const error = assertThrows(
    () => applySshConfigBlock(text, BLOCK, "/home/u/.ssh/config"),
    OperationError,
  );
  assertStringIncludes(error.message, "/home/u/.ssh/config line 3");
  assertEquals(error.exitCode, 1);
});
