import { assertEquals, assertThrows } from "../_support/assert.ts";
import { OperationError } from "../../src/errors.ts";
import { resolveToolPaths, sshConfigPath } from "../../src/tool/tool_paths.ts";

function environment(os: string, values: Record<string, string>) {
  return { os, env: (name: string) => values[name] };
}

Deno.test("resolveToolPaths() uses XDG_DATA_HOME on Linux", () => {
  const paths = resolveToolPaths(environment("linux", { HOME: "/h", XDG_DATA_HOME: "/x" }));
  assertEquals(paths.clientKey, "/x/.eryph/guest-services/private/id_egs");
  assertEquals(paths.vmConfigDir, "/x/.eryph/guest-services/ssh/vm.d");
  assertEquals(paths.catletConfigDir, "/x/.eryph/guest-services/ssh/catlet.d");
  assertEquals(paths.knownHostsDir, "/x/.eryph/guest-services/ssh/known_hosts");
  assertEquals(paths.sshConfig, "/h/.ssh/config");
});

Deno.test("resolveToolPaths() defaults to ~/.local/share without XDG_DATA_HOME", () => {
  for (const xdg of [undefined, "", "relative/dir"]) {
    const values: Record<string, string> = { HOME: "/h" };
    if (xdg !== undefined) values.XDG_DATA_HOME = xdg;
    const paths = resolveToolPaths(environment("linux", values));
    assertEquals(paths.clientKey, "/h/.local/share/.eryph/guest-services/private/id_egs");
  }
});

Deno.test("resolveToolPaths() uses ProgramData and LOCALAPPDATA on Windows", () => {
  const paths = resolveToolPaths(environment("windows", {
    USERPROFILE: "C:\\Users\\u",
    LOCALAPPDATA: "C:\\Users\\u\\AppData\\Local",
    ProgramData: "D:\\PD",
  }));
  assertEquals(paths.clientKey, "D:\\PD\\eryph\\guest-services\\private\\id_egs");
  assertEquals(
    paths.vmConfigDir,
    "C:\\Users\\u\\AppData\\Local\\.eryph\\guest-services\\ssh\\vm.d",
  );
  assertEquals(paths.sshConfig, "C:\\Users\\u\\.ssh\\config");
});

Deno.test("resolveToolPaths() fails without a home variable", () => {
  assertThrows(() => resolveToolPaths(environment("linux", {})), OperationError, "HOME");
});

Deno.test("sshConfigPath() quotes and rejects double quotes", () => {
  assertEquals(sshConfigPath("/a b/c"), '"/a b/c"');
  assertThrows(() => sshConfigPath('/a"b'), OperationError, '"/a"b"');
});
