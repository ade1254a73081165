import { assertEquals } from "../_support/assert.ts";
import { ntpModule } from "../../src/modules/ntp.ts";
import { runcmdModule } from "../../src/modules/runcmd.ts";
import { planModule } from "../../src/provisioning/plan_module.ts";
import { Semaphores } from "../../src/provisioning/semaphores.ts";
import { StatePaths } from "../../src/provisioning/state_paths.ts";

async function withSemaphores(fn: (semaphores: Semaphores) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "egs-plan-" });
  try {
    await fn(new Semaphores(new StatePaths(dir, "iid-plan"), "boot-1"));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("planModule() runs ntp when ntp is null", async () => {
  await withSemaphores(async (semaphores) => {
    const planned = await planModule("config", ntpModule, { ntp: null }, semaphores);
    assertEquals(planned.action, "run");
  });
});

Deno.test("planModule() runs ntp when ntp is an empty mapping", async () => {
  await withSemaphores(async (semaphores) => {
    const planned = await planModule("config", ntpModule, { ntp: {} }, semaphores);
    assertEquals(planned.action, "run");
  });
});

Deno.test("planModule() skips ntp when ntp is absent", async () => {
  await withSemaphores(async (semaphores) => {
    const planned = await planModule("config", ntpModule, {}, semaphores);
    assertEquals(planned.action, "skip");
    assertEquals(planned.reason, "not activated: none of ntp is set");
  });
});

Deno.test("planModule() still skips runcmd when runcmd is null", async () => {
  await withSemaphores(async (semaphores) => {
    const planned = await planModule("config", runcmdModule, { runcmd: null }, semaphores);
    assertEquals(planned.action, "skip");
  });
});
