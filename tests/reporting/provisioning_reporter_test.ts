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
  await reporter.flush();
  kvp.guest.items.set("CLOUD_INIT|1700000001|start|init-local|c", "{}");
  await reporter.reportEvent({ type: "start", name: "init-network", message: "running" });
  await reporter.flush();

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
  await reporter.flush();

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
  await reporter.flush();

  assertEquals(kvp.guest.items.size, 0);
});

Deno.test("KvpProvisioningReporter writes events queued during a write in one batch", async () => {
  const kvp = new MemoryKvpStore();
  const writes: string[][] = [];
  const pool = kvp.guest;
  const update = pool.update.bind(pool);
  pool.update = async (changes) => {
    writes.push(Object.keys(changes));
    await new Promise((resolve) => setTimeout(resolve, 5));
    await update(changes);
  };
  const reporter = new KvpProvisioningReporter(kvp, { incarnation: 0 });

  for (const name of ["one", "two", "three", "four"]) {
    await reporter.reportEvent({ type: "start", name, message: `running ${name}` });
  }
  await reporter.reportState("running");

  assertEquals(writes.length, 2);
  assertEquals(writes[0].length, 1);
  assertEquals(writes[1].length, 4);
  assertEquals(writes[1].at(-1), PROVISIONING_STATE_KEY);
  const events = [...kvp.guest.items.keys()].filter((key) => key.startsWith("CLOUD_INIT|0|"));
  assertEquals(events.length, 4);
});

Deno.test("KvpProvisioningReporter flush waits for events queued after it started", async () => {
  const kvp = new MemoryKvpStore();
  const reporter = new KvpProvisioningReporter(kvp, { incarnation: 0 });

  await reporter.reportEvent({ type: "start", name: "one", message: "running one" });
  const flushed = reporter.flush();
  await reporter.reportEvent({ type: "start", name: "two", message: "running two" });
  await flushed;

  const events = [...kvp.guest.items.keys()].filter((key) => key.startsWith("CLOUD_INIT|0|"));
  assertEquals(events.length, 2);
});
