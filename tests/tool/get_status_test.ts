import { assertEquals } from "../_support/assert.ts";
import { formatGuestStatus, readGuestStatus } from "../../src/tool/commands/get_status.ts";
import { parseVmTarget } from "../../src/tool/vm_target.ts";
import { FakeHostKvp } from "./_fake_host_kvp.ts";

const TARGET = parseVmTarget("cid:3");

Deno.test("readGuestStatus() reads the published keys", async () => {
  const kvp = new FakeHostKvp({
    guest: {
      "eryph:guest-services:status": "available",
      "eryph:guest-services:version": "0.1.0",
      "eryph:guest-services:features": "shell-override port-forwarding",
      "eryph.provisioning.state": "completed",
    },
  });
  const status = await readGuestStatus(kvp, TARGET);
  assertEquals(status.status, "available");
  assertEquals(status.features, ["shell-override", "port-forwarding"]);
  assertEquals(status.provisioning_state, "completed");
  assertEquals(formatGuestStatus(status, "text").split("\n")[0], "available");
});

Deno.test("readGuestStatus() reports unknown when nothing was published", async () => {
  const status = await readGuestStatus(new FakeHostKvp(), TARGET);
  assertEquals(status, {
    status: "unknown",
    version: null,
    operating_system: null,
    features: [],
    provisioning_state: null,
  });
  assertEquals(formatGuestStatus(status, "text"), "unknown");
  assertEquals(JSON.parse(formatGuestStatus(status, "json")).status, "unknown");
});
