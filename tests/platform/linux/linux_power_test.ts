import { OperationError } from "../../../src/errors.ts";
import { LinuxPower } from "../../../src/platform/linux/linux_power.ts";
import { assertEquals, assertRejects } from "../../_support/assert.ts";
import { RecordingProcesses } from "./_fake_processes.ts";

Deno.test("LinuxPower under a root records requests and runs nothing", async () => {
  const processes = new RecordingProcesses();
  const power = new LinuxPower({ processes, hostIsolated: true });
  await power.reboot("runcmd exited 1003");
  await power.powerOff("power_state");
  await power.halt("power_state");
  assertEquals(processes.calls, []);
  assertEquals(power.recorded, [
    { action: "reboot", reason: "runcmd exited 1003" },
    { action: "poweroff", reason: "power_state" },
    { action: "halt", reason: "power_state" },
  ]);
});

Deno.test("LinuxPower on a live system runs systemctl", async () => {
  const processes = new RecordingProcesses();
  const power = new LinuxPower({ processes, hostIsolated: false });
  await power.reboot("r");
  await power.powerOff("p");
  await power.halt("h");
  assertEquals(processes.commandLines(), [
    "systemctl reboot",
    "systemctl poweroff",
    "systemctl halt",
  ]);
  assertEquals(power.recorded, []);
});

Deno.test("LinuxPower reports a failing systemctl", async () => {
  const power = new LinuxPower({
    processes: new RecordingProcesses(() => ({ code: 1 })),
    hostIsolated: false,
  });
  await assertRejects(() => power.reboot("r"), OperationError, "systemctl reboot");
});

Deno.test("LinuxPower schedules a delayed action with shutdown on a live system", async () => {
  const processes = new RecordingProcesses();
  const power = new LinuxPower({ processes, hostIsolated: false });
  await power.reboot("power_state", { delayMinutes: 5 });
  await power.powerOff("power_state", { delayMinutes: 1 });
  await power.halt("power_state", { delayMinutes: 0 });
  assertEquals(processes.calls.map((call) => call.argv), [
    ["shutdown", "-r", "+5", "power_state"],
    ["shutdown", "-P", "+1", "power_state"],
    ["systemctl", "halt"],
  ]);
});

Deno.test("LinuxPower under a root records the delay and runs nothing", async () => {
  const processes = new RecordingProcesses();
  const power = new LinuxPower({ processes, hostIsolated: true });
  await power.powerOff("power_state", { delayMinutes: 3 });
  assertEquals(processes.calls, []);
  assertEquals(power.recorded, [{ action: "poweroff", reason: "power_state", delayMinutes: 3 }]);
});
