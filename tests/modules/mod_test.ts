import { assertEquals } from "../_support/assert.ts";
import { createModules } from "../../src/modules/mod.ts";
import { DEFAULT_MODULE_ORDER } from "../../src/provisioning/module_order.ts";
import { buildStagePlan } from "../../src/provisioning/module_registry.ts";
import { defaultSettings } from "../../src/settings/settings.ts";

Deno.test("createModules() follows cloud-init's default order", () => {
  const plan = buildStagePlan(createModules(), defaultSettings());
  for (const stage of ["network", "config", "final"] as const) {
    assertEquals(plan[stage].map((module) => module.name), [...DEFAULT_MODULE_ORDER[stage]]);
  }
  assertEquals(plan.local, []);
});

Deno.test("createModules() names each module once", () => {
  const names = createModules().map((module) => module.name);
  assertEquals(new Set(names).size, names.length);
});

Deno.test("createModules() runs boothooks first", () => {
  const plan = buildStagePlan(createModules(), defaultSettings());
  assertEquals(plan.network[0].name, "boothooks");
  assertEquals(plan.network[1].name, "bootcmd");
  assertEquals(plan.final.at(-2)?.name, "scripts_user");
});
