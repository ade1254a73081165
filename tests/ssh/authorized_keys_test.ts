import { assertEquals, assertThrows } from "../_support/assert.ts";
import {
  type AuthorizedKeyLineError,
  parseAuthorizedKeyLine,
  parseAuthorizedKeys,
} from "../../src/ssh/authorized_keys.ts";

const KEY = "AAAAC3NzaC1lZDI1NTE5AAAAIDnqUrXhVsqXFevCN1fCHb6Yoj1jFd5qWh3C9cNOxP2t";

Deno.test("parseAuthorizedKeyLine() reads a line without options", () => {
  const entry = parseAuthorizedKeyLine(`ssh-ed25519 ${KEY} user@host extra`);
  assertEquals(entry.options, []);
  assertEquals(entry.keyType, "ssh-ed25519");
  assertEquals(entry.keyData, KEY);
  assertEquals(entry.comment, "user@host extra");
});

Deno.test("parseAuthorizedKeyLine() keeps commas inside quoted values", () => {
  const entry = parseAuthorizedKeyLine(
    `command="echo a,b",no-pty,permitopen="127.0.0.1:80" ssh-ed25519 ${KEY}`,
  );
  assertEquals(entry.options, [
    { name: "command", value: "echo a,b" },
    { name: "no-pty" },
    { name: "permitopen", value: "127.0.0.1:80" },
  ]);
});

Deno.test("parseAuthorizedKeyLine() unescapes quotes and keeps spaces in values", () => {
  const entry = parseAuthorizedKeyLine(
    `command="echo \\"hi there\\", ok" ssh-ed25519 ${KEY} c`,
  );
  assertEquals(entry.options, [{ name: "command", value: 'echo "hi there", ok' }]);
  assertEquals(entry.keyType, "ssh-ed25519");
  assertEquals(entry.comment, "c");
});

Deno.test("parseAuthorizedKeyLine() lower-cases option names", () => {
  const entry = parseAuthorizedKeyLine(`Expiry-Time="20300101",No-PTY ecdsa-sha2-nistp256 ${KEY}`);
  assertEquals(entry.options, [{ name: "expiry-time", value: "20300101" }, { name: "no-pty" }]);
});

Deno.test("parseAuthorizedKeyLine() accepts an unquoted value", () => {
  const entry = parseAuthorizedKeyLine(`expiry-time=20300101 ssh-ed25519 ${KEY}`);
  assertEquals(entry.options, [{ name: "expiry-time", value: "20300101" }]);
});

Deno.test("parseAuthorizedKeyLine() rejects malformed lines", () => {
  assertThrows(
    () => parseAuthorizedKeyLine(`command="unterminated ssh-ed25519 ${KEY}`),
    SyntaxError,
  );
  assertThrows(() => parseAuthorizedKeyLine("no-pty"), SyntaxError, "no key");
  assertThrows(() => parseAuthorizedKeyLine("no-pty foo-bar AAAA"), SyntaxError, "foo-bar");
  assertThrows(() => parseAuthorizedKeyLine("ssh-ed25519"), SyntaxError, "base64");
  assertThrows(() => parseAuthorizedKeyLine("ssh-ed25519 not*base64"), SyntaxError, "base64");
  assertThrows(() => parseAuthorizedKeyLine(`a=b"c ssh-ed25519 ${KEY}`), SyntaxError, "quote");
});

Deno.test("parseAuthorizedKeys() skips blanks, comments and bad lines", () => {
  const errors: AuthorizedKeyLineError[] = [];
  const text = [
    "",
    "# a comment",
    `  ssh-ed25519 ${KEY} first  `,
    "garbage here",
    `restrict ssh-ed25519 ${KEY} second\r`,
  ].join("\n");
  const entries = parseAuthorizedKeys(text, (error) => errors.push(error));
  assertEquals(entries.map((entry) => [entry.line, entry.comment]), [[3, "first"], [5, "second"]]);
  assertEquals(errors.map((error) => error.line), [4]);
});
