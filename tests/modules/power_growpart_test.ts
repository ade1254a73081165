import { assertEquals } from "../_support/assert.ts";
import { growpartModule } from "../../src/modules/growpart.ts";
import { powerStateChangeModule } from "../../src/modules/power_state_change.ts";
import { createTestContext } from "./_fakes.ts";

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
