import { assertEquals } from "../_support/assert.ts";
import { growpartModule } from "../../src/modules/growpart.ts";
import { powerStateChangeModule } from "../../src/modules/power_state_change.ts";
import type { ProcessCommand, RunOptions } from "../../src/platform/types.ts";
import { createTestContext, FakeProcesses, recordingPlatform } from "./_fakes.ts";

Deno.test("growpart only logs under --root", async () => {
  await using test = await createTestContext({ growpart: { mode: "auto" } }, {
    hostIsolated: true,
  });
  const outcome = await test.run(growpartModule);
  assertEquals(outcome.status, "unchanged");
  assertEquals(test.platform.processes.commands(), []);
});

Deno.test("growpart grows the partition of / on a live system", async () => {
  await using test = await createTestContext({ growpart: { mode: "auto" } }, {
    hostIsolated: false,
  });
  const processes = test.platform.processes;
  processes.script("findmnt -n -o SOURCE --target /", { code: 0, stdout: "/dev/sda1\n" });
  processes.script("lsblk -n -o PKNAME /dev/sda1", { code: 0, stdout: "sda\n" });
  await test.platform.files.write(
    "/sys/class/block/sda1/partition",
    new TextEncoder().encode("1\n"),
  );
  const outcome = await test.run(growpartModule);
  assertEquals(outcome.status, "applied");
  assertEquals(processes.commands().at(-1), "growpart /dev/sda 1");
});

Deno.test("growpart reports NOCHANGE as unchanged", async () => {
  await using test = await createTestContext({
    growpart: { mode: "auto", devices: ["/dev/vda2"] },
  }, { hostIsolated: false });
  const processes = test.platform.processes;
  processes.script("lsblk -n -o PKNAME /dev/vda2", { code: 0, stdout: "vda\n" });
  processes.script("growpart /dev/vda 2", { code: 1, stdout: "NOCHANGE: partition 2 is size" });
  await test.platform.files.write("/sys/class/block/vda2/partition", new TextEncoder().encode("2"));
  assertEquals((await test.run(growpartModule)).status, "unchanged");
});

Deno.test("growpart does nothing with mode off", async () => {
  await using test = await createTestContext({ growpart: { mode: "off" } }, {
    hostIsolated: false,
  });
  assertEquals((await test.run(growpartModule)).status, "unchanged");
  assertEquals(test.platform.processes.commands(), []);
});

Deno.test("power_state reboot becomes a reboot request", async () => {
  await using test = await createTestContext({
    power_state: { mode: "reboot", message: "bye" },
  });
  const outcome = await test.run(powerStateChangeModule);
  assertEquals(outcome, { status: "reboot", reboot: { reason: "bye", after: "continue" } });
  assertEquals(test.platform.powerActions, []);
});

Deno.test("power_state poweroff is only recorded under --root", async () => {
  await using test = await createTestContext({ power_state: { mode: "poweroff" } });
  const outcome = await test.run(powerStateChangeModule);
  assertEquals(outcome.status, "applied");
  assertEquals(test.platform.powerActions, []);
});

Deno.test("power_state poweroff goes to the platform on a live system", async () => {
  await using test = await createTestContext({
    power_state: { mode: "poweroff", message: "done" },
  }, { hostIsolated: false });
  await test.run(powerStateChangeModule);
  assertEquals(test.platform.powerActions, ["poweroff: done"]);
});

const conditionCases: [unknown, number, string][] = [
  [false, 0, "unchanged"],
  ["test -f /var/run/reboot-required", 1, "unchanged"],
  ["test -f /var/run/reboot-required", 0, "reboot"],
  [["test", "-f", "/x y"], 0, "reboot"],
];

for (const [condition, code, expected] of conditionCases) {
  Deno.test(`power_state condition ${JSON.stringify(condition)} exiting ${code}`, async () => {
    await using test = await createTestContext({ power_state: { mode: "reboot", condition } });
    test.platform.processes.script("test -f /var/run/reboot-required", { code });
    test.platform.processes.script("test -f '/x y'", { code });
    assertEquals((await test.run(powerStateChangeModule)).status, expected);
  });
}

Deno.test("power_state delay schedules the reboot on a live system instead of a reboot request", async () => {
  await using test = await createTestContext({
    power_state: { mode: "reboot", delay: "+5", message: "later" },
  }, { hostIsolated: false });
  const outcome = await test.run(powerStateChangeModule);
  assertEquals(outcome, { status: "applied", message: "reboot in 5 minutes" });
  assertEquals(test.platform.powerActions, ["reboot in 5 minutes: later"]);
});

Deno.test("power_state delay reaches the platform with poweroff and halt", async () => {
  for (const mode of ["poweroff", "halt"]) {
    await using test = await createTestContext({
      power_state: { mode, delay: 2, message: "m" },
    }, { hostIsolated: false });
    await test.run(powerStateChangeModule);
    assertEquals(test.platform.powerActions, [`${mode} in 2 minutes: m`]);
  }
});

Deno.test("power_state delay now reboots through the runner on a live system", async () => {
  await using test = await createTestContext({
    power_state: { mode: "reboot", delay: "now", message: "bye" },
  }, { hostIsolated: false });
  assertEquals((await test.run(powerStateChangeModule)).status, "reboot");
  assertEquals(test.platform.powerActions, []);
});

Deno.test("power_state under --root records a delayed poweroff without acting", async () => {
  await using test = await createTestContext({ power_state: { mode: "poweroff", delay: 10 } });
  const outcome = await test.run(powerStateChangeModule);
  assertEquals(outcome, {
    status: "applied",
    message: "poweroff in 10 minutes recorded, not performed under --root",
  });
  assertEquals(test.platform.powerActions, []);
});

/** Processes that record the timeout each command was given. */
class TimeoutRecordingProcesses extends FakeProcesses {
  readonly timeouts: (number | undefined)[] = [];

  override run(command: ProcessCommand, options: RunOptions = {}) {
    this.timeouts.push(options.timeoutSeconds);
    return super.run(command, options);
  }
}

Deno.test("power_state condition runs with power_state.timeout as its time limit", async () => {
  const platform = recordingPlatform();
  const processes = new TimeoutRecordingProcesses();
  platform.processes = processes;
  processes.script("sleep 100", { code: 137 });
  await using test = await createTestContext({
    power_state: { mode: "poweroff", condition: "sleep 100", timeout: 7 },
  }, { platform, hostIsolated: false });
  assertEquals((await test.run(powerStateChangeModule)).status, "unchanged");
  assertEquals(processes.timeouts, [7]);
  assertEquals(platform.powerActions, []);
});
