import { assertEquals } from "../_support/assert.ts";
import { TOOL_PERMISSION_FLAGS } from "../../src/permissions.ts";
import { buildProxyCommand } from "../../src/tool/proxy_command.ts";

const VM = "6f1c2e4a-93b1-4c53-9c5e-1d2f3a4b5c6d";

Deno.test("buildProxyCommand() names the compiled binary by its path", () => {
  const line = buildProxyCommand({ execPath: "/opt/egs/egs-tool", os: "linux" }, VM, {});
  assertEquals(line, `/opt/egs/egs-tool --log-level warning proxy ${VM}`);
});

Deno.test("buildProxyCommand() runs the source with deno", () => {
  const line = buildProxyCommand(
    { execPath: "/usr/bin/deno", scriptPath: "/src/egs/src/tool/main.ts", os: "linux" },
    VM,
    { transport: "unix:/tmp/egs.sock", kvpDir: "/tmp/kvp" },
  );
  assertEquals(
    line,
    [
      "/usr/bin/deno run",
      ...TOOL_PERMISSION_FLAGS,
      "/src/egs/src/tool/main.ts --transport unix:/tmp/egs.sock --kvp-dir /tmp/kvp",
      `--log-level warning proxy ${VM}`,
    ].join(" "),
  );
});

Deno.test("buildProxyCommand() quotes spaces and doubles percent signs", () => {
  const line = buildProxyCommand(
    { execPath: "/home/a b/egs-tool", os: "linux" },
    "cid:3",
    { kvpDir: "/tmp/it's 100%" },
  );
  assertEquals(
    line,
    `'/home/a b/egs-tool' --kvp-dir '/tmp/it'\\''s 100%%' --log-level warning proxy cid:3`,
  );
});

Deno.test("buildProxyCommand() quotes Windows paths with double quotes", () => {
  const line = buildProxyCommand(
    { execPath: "C:\\Program Files\\eryph\\egs-tool.exe", os: "windows" },
    VM,
    {},
  );
  assertEquals(line, `"C:\\Program Files\\eryph\\egs-tool.exe" --log-level warning proxy ${VM}`);
});
