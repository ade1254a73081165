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

/** Returns a store whose guest pool records the keys of each update and takes 5 ms per write. */
function slowRecordingStore(): { kvp: MemoryKvpStore; writes: string[][] } {
  const kvp = new MemoryKvpStore();
  const writes: string[][] = [];
  const update = kvp.guest.update.bind(kvp.guest);
  kvp.guest.update = async (changes) => {
    writes.push(Object.keys(changes));
    await new Promise((resolve) => setTimeout(resolve, 5));
    await update(changes);
  };
  return { kvp, writes };
}

Deno.test("KvpProvisioningReporter writes close events in one batch", async () => {
  const { kvp, writes } = slowRecordingStore();
  const reporter = new KvpProvisioningReporter(kvp, { incarnation: 0 });

  for (const name of ["one", "two", "three", "four"]) {
    await reporter.reportEvent({ type: "start", name, message: `running ${name}` });
  }
  await reporter.reportState("running");

  assertEquals(writes.length, 1);
  assertEquals(writes[0].length, 5);
  assertEquals(writes[0].at(-1), PROVISIONING_STATE_KEY);
});

Deno.test("KvpProvisioningReporter writes events queued during a write next", async () => {
  const { kvp, writes } = slowRecordingStore();
  const reporter = new KvpProvisioningReporter(kvp, { incarnation: 0, batchDelayMs: 0 });

  await reporter.reportEvent({ type: "start", name: "one", message: "running one" });
  const flushed = reporter.flush();
  await reporter.reportEvent({ type: "start", name: "two", message: "running two" });
  await reporter.reportEvent({ type: "start", name: "three", message: "running three" });
  await flushed;

  assertEquals(writes.map((keys) => keys.length), [1, 2]);
  const events = [...kvp.guest.items.keys()].filter((key) => key.startsWith("CLOUD_INIT|0|"));
  assertEquals(events.length, 3);
});

Deno.test("KvpProvisioningReporter writes after the batch delay", async () => {
  const { kvp, writes } = slowRecordingStore();
  const reporter = new KvpProvisioningReporter(kvp, { incarnation: 0, batchDelayMs: 10 });

  await reporter.reportEvent({ type: "start", name: "one", message: "running one" });
  assertEquals(writes.length, 0);
  await new Promise((resolve) => setTimeout(resolve, 30));

  assertEquals(writes.length, 1);
  await reporter.flush();
});

Deno.test("KvpProvisioningReporter flush does not wait for the delay", async () => {
  const { kvp, writes } = slowRecordingStore();
  const reporter = new KvpProvisioningReporter(kvp, { incarnation: 0, batchDelayMs: 60_000 });

  await reporter.reportEvent({ type: "start", name: "one", message: "running one" });
  await reporter.flush();

  assertEquals(writes.length, 1);
});
