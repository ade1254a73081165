import { provisioningCommand } from "../../../src/service/daemon/boot_provisioning.ts";
import { SERVICE_PERMISSION_FLAGS } from "../../../src/permissions.ts";
import { assertEquals } from "../../_support/assert.ts";

Deno.test("provisioningCommand() reruns a compiled binary", () => {
  const child = provisioningCommand(
    { execPath: "/opt/eryph/guest-services/bin/egs-service" },
    { configDir: "/etc/egs", kvpDir: "/var/lib/hyperv", logLevel: "debug", logFormat: "json" },
  );
  assertEquals(child.command, "/opt/eryph/guest-services/bin/egs-service");
  assertEquals(child.args, [
    "run",
    "--config-dir",
    "/etc/egs",
    "--kvp-dir",
    "/var/lib/hyperv",
    "--log-level",
    "debug",
    "--log-format",
    "json",
  ]);
});

Deno.test("provisioningCommand() reruns a script with deno", () => {
  const child = provisioningCommand(
    { execPath: "/usr/bin/deno", scriptPath: "/srv/egs/main.js" },
    {},
  );
  assertEquals(child.command, "/usr/bin/deno");
  assertEquals(child.args, ["run", ...SERVICE_PERMISSION_FLAGS, "/srv/egs/main.js", "run"]);
});
