import {
  bridgeCloudInitStatus,
  mapCloudInitStatus,
} from "../../../src/provisioning/agent/cloud_init_status_bridge.ts";
import { assertEquals } from "../../_support/assert.ts";
import { MemoryKvpStore } from "../../provisioning/_fakes.ts";

Deno.test("mapCloudInitStatus() maps each cloud-init status", () => {
  const table: [string, string | undefined][] = [
    ["done", "completed"],
    ["disabled", "completed"],
    ["error", "failed"],
    ["running", "running"],
    ["not started", undefined],
    ["degraded done", undefined],
  ];
  for (const [status, expected] of table) {
    assertEquals(mapCloudInitStatus(status), expected, status);
  }
});

Deno.test("bridgeCloudInitStatus() stops at a final state", async () => {
  const answers = ["not started", "running", "running", "error"];
  const kvp = new MemoryKvpStore();
  const result = await bridgeCloudInitStatus({
    runCommand: () =>
      Promise.resolve({ code: 0, stdout: JSON.stringify({ status: answers.shift() }), stderr: "" }),
    kvp,
    sleep: () => Promise.resolve(),
  });
  assertEquals(result, { state: "failed", stoppedBecause: "terminal" });
  assertEquals(kvp.guest.history("eryph.provisioning.state"), ["running", "failed"]);
});

Deno.test("bridgeCloudInitStatus() stops when cloud-init is missing", async () => {
  const kvp = new MemoryKvpStore();
  const result = await bridgeCloudInitStatus({
    runCommand: () => Promise.resolve({ code: 127, stdout: "", stderr: "not found" }),
    kvp,
  });
  assertEquals(result, { state: undefined, stoppedBecause: "missing" });
  assertEquals(kvp.guest.writes, []);
});

Deno.test("bridgeCloudInitStatus() retries unparsable output", async () => {
  let polls = 0;
  const result = await bridgeCloudInitStatus({
    runCommand: () => {
      polls++;
      return Promise.resolve({ code: 1, stdout: "Traceback", stderr: "" });
    },
    kvp: new MemoryKvpStore(),
    maxPolls: 3,
    sleep: () => Promise.resolve(),
  });
  assertEquals(result.stoppedBecause, "poll-limit");
  assertEquals(polls, 3);
});
