import { resolveAgentPaths } from "../../../src/provisioning/agent/agent_paths.ts";
import { assertEquals } from "../../_support/assert.ts";

Deno.test("resolveAgentPaths() places paths inside --root", () => {
  assertEquals(resolveAgentPaths({ root: "/tmp/img", os: "linux" }), {
    root: "/tmp/img",
    configDir: "/tmp/img/etc/opt/eryph/guest-services",
    stateDir: "/tmp/img/var/lib/eryph/provisioning",
    logDir: "/tmp/img/var/log/eryph/guest-services",
    kvpDir: "/tmp/img/var/lib/hyperv",
    hostIsolated: true,
  });
});

Deno.test("resolveAgentPaths() keeps overrides without a root", () => {
  const paths = resolveAgentPaths({ os: "linux", stateDir: "/tmp/state" });
  assertEquals(paths.hostIsolated, false);
  assertEquals(paths.stateDir, "/tmp/state");
  assertEquals(paths.logDir, "/var/log/eryph/guest-services");
  assertEquals(paths.kvpDir, "/var/lib/hyperv");
});
