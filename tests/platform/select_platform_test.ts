import { NotSupportedError } from "../../src/errors.ts";
import { LinuxFiles } from "../../src/platform/linux/linux_files.ts";
import { selectPlatform } from "../../src/platform/select_platform.ts";
import { assert, assertEquals, assertThrows } from "../_support/assert.ts";

Deno.test("selectPlatform() builds the Linux platform inside the root", async () => {
  const platform = selectPlatform({ os: "linux", root: "relative/target", bootId: "b1" });
  assert(platform.files instanceof LinuxFiles);
  assertEquals(platform.files.root, `${Deno.cwd()}/relative/target`);
  assertEquals(await platform.boot.readBootId(), "b1");
});

Deno.test("selectPlatform() rejects Windows and other systems for now", () => {
  assertThrows(
    () => selectPlatform({ os: "windows" }),
    NotSupportedError,
    "not supported on windows",
  );
  assertThrows(
    () => selectPlatform({ os: "darwin" }),
    NotSupportedError,
    "not supported on darwin",
  );
});
