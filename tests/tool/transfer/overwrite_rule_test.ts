import { assertEquals, assertThrows } from "../../_support/assert.ts";
import { OperationError } from "../../../src/errors.ts";
import {
  checkDirectoryTarget,
  decideFileTarget,
} from "../../../src/tool/transfer/overwrite_rule.ts";

Deno.test("decideFileTarget() creates a missing file", () => {
  assertEquals(decideFileTarget("/t/a", undefined, false), "create");
  assertEquals(decideFileTarget("/t/a", undefined, true), "create");
});

Deno.test("decideFileTarget() replaces a file only with overwrite", () => {
  assertEquals(decideFileTarget("/t/a", "file", true), "replace");
  const error = assertThrows(() => decideFileTarget("/t/a", "file", false), OperationError);
  assertEquals(error.exitCode, 1);
  assertEquals(error.message.includes('"/t/a"'), true);
  assertEquals(error.message.includes("--overwrite"), true);
});

Deno.test("decideFileTarget() rejects a directory in the way", () => {
  for (const overwrite of [false, true]) {
    assertThrows(
      () => decideFileTarget("/t/d", "directory", overwrite),
      OperationError,
      'Cannot write the file "/t/d": a directory with that name is in the way',
    );
  }
});

Deno.test("decideFileTarget() rejects a non-regular file", () => {
  assertThrows(
    () => decideFileTarget("/t/fifo", "other", true),
    OperationError,
    "not a regular file",
  );
});

Deno.test("checkDirectoryTarget() creates, reuses or rejects", () => {
  assertEquals(checkDirectoryTarget("/t/d", undefined), "create");
  assertEquals(checkDirectoryTarget("/t/d", "directory"), "reuse");
  assertThrows(
    () => checkDirectoryTarget("/t/f", "file"),
    OperationError,
    'Cannot create the directory "/t/f": a file with that name is in the way',
  );
  assertThrows(() => checkDirectoryTarget("/t/o", "other"), OperationError, "non-directory");
});
