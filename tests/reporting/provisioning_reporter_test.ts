import { assert, assertEquals } from "../_support/assert.ts";
import {
  CLOUD_INIT_PROBE_KEY,
  HANDLER_READY_KEY,
  KvpProvisioningReporter,
  PROVISIONING_STATE_KEY,
} from "../../src/reporting/provisioning_reporter.ts";
import { MemoryKvpStore } from "../provisioning/_fakes.ts";

Deno.test("KvpProvisioningReporter writes the state and probe keys", async () => {
  const kvp = new MemoryKvpStore();
  const reporter = new KvpProvisioningReporter(kvp, { incarnation: 1764878400 });

  await reporter.announce();
  await reporter.reportState("running");

  assertEquals(kvp.guest.items.get(HANDLER_READY_KEY), "1");
  assertEquals(kvp.guest.items.get(CLOUD_INIT_PROBE_KEY), "1");
  assertEquals(kvp.guest.items.get(PROVISIONING_STATE_KEY), "running");
});

Deno.test("KvpProvisioningReporter removes other boots' events once", async () => {
  const kvp = new MemoryKvpStore();
  kvp.guest.items.set("CLOUD_INIT|1700000000|start|init-local|a", "{}");
  kvp.guest.items.set("CLOUD_INIT|1764878400|start|init-local|b", "{}");
  const reporter = new KvpProvisioningReporter(kvp, { incarnation: 1764878400 });

  await reporter.reportEvent({ type: "start", name: "init-local", message: "running" });
  kvp.guest.items.set("CLOUD_INIT|1700000001|start|init-local|c", "{}");
  await reporter.reportEvent({ type: "start", name: "init-network", message: "running" });

  const keys = [...kvp.guest.items.keys()];
  assertEquals(keys.includes("CLOUD_INIT|1700000000|start|init-local|a"), false);
  assertEquals(keys.includes("CLOUD_INIT|1764878400|start|init-local|b"), true);
  assertEquals(keys.includes("CLOUD_INIT|1700000001|start|init-local|c"), true);
  assertEquals(keys.filter((key) => key.startsWith("CLOUD_INIT|1764878400|")).length, 3);
});

Deno.test("KvpProvisioningReporter skips the sweep for incarnation 0", async () => {
  const kvp = new MemoryKvpStore();
  kvp.guest.items.set("CLOUD_INIT|1700000000|start|init-local|a", "{}");
  const reporter = new KvpProvisioningReporter(kvp, { incarnation: 0 });

  await reporter.reportEvent({ type: "start", name: "init-local", message: "running" });

  assert(kvp.guest.items.has("CLOUD_INIT|1700000000|start|init-local|a"));
});

Deno.test("KvpProvisioningReporter logs a failed write instead of throwing", async () => {
  const kvp = new MemoryKvpStore();
  kvp.guest.failing = true;
  const reporter = new KvpProvisioningReporter(kvp, { incarnation: 1764878400 });

  await reporter.reportState("failed");
  await reporter.reportEvent({
    type: "finish",
    name: "init-local",
    message: "x",
    result: "FAIL",
  });

  assertEquals(kvp.guest.items.size, 0);
});
