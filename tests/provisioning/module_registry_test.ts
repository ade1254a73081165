import { assertEquals, assertThrows } from "../_support/assert.ts";
import { buildStagePlan } from "../../src/provisioning/module_registry.ts";
import { DEFAULT_MODULE_ORDER, moduleEventName } from "../../src/provisioning/module_order.ts";
import { defaultSettings, type Settings } from "../../src/settings/settings.ts";
import { fakeModule } from "./_fakes.ts";

function names(modules: readonly { name: string }[]): string[] {
  return modules.map((module) => module.name);
}

function configModules() {
  return [
    fakeModule("runcmd", "config", []),
    fakeModule("custom_step", "config", []),
    fakeModule("ntp", "config", []),
    fakeModule("locale", "config", []),
  ];
}

Deno.test("buildStagePlan() orders modules like cloud-init, unlisted last", () => {
  const plan = buildStagePlan(configModules(), defaultSettings());

  assertEquals(names(plan.config), ["locale", "ntp", "runcmd", "custom_step"]);
  assertEquals(plan.local, []);
  assertEquals(plan.network, []);
});

Deno.test("buildStagePlan() keeps only enabledModules", () => {
  const settings: Settings = defaultSettings();
  settings.stages.config = { enabledModules: ["runcmd", "locale", "unknown_module"] };

  const plan = buildStagePlan(configModules(), settings);

  assertEquals(names(plan.config), ["locale", "runcmd"]);
});

Deno.test("buildStagePlan() drops disabledModules", () => {
  const settings: Settings = defaultSettings();
  settings.stages.config = { disabledModules: ["ntp"] };

  const plan = buildStagePlan(configModules(), settings);

  assertEquals(names(plan.config), ["locale", "runcmd", "custom_step"]);
});

Deno.test("buildStagePlan() rejects a module registered twice", () => {
  const modules = [fakeModule("runcmd", "config", []), fakeModule("runcmd", "config", [])];

  assertThrows(
    () => buildStagePlan(modules, defaultSettings()),
    RangeError,
    'Module "runcmd" is registered twice',
  );
});

Deno.test("buildStagePlan() rejects a module in the wrong stage", () => {
  assertThrows(
    () => buildStagePlan([fakeModule("runcmd", "final", [])], defaultSettings()),
    RangeError,
    'declare stage "config"',
  );
});

Deno.test("DEFAULT_MODULE_ORDER lists each module once", () => {
  const all = Object.values(DEFAULT_MODULE_ORDER).flat();

  assertEquals(new Set(all).size, all.length);
});

Deno.test("moduleEventName() prefixes the stage event name", () => {
  assertEquals(moduleEventName("network", "users_groups"), "init-network/config-users_groups");
  assertEquals(moduleEventName("final", "scripts_user"), "modules-final/config-scripts_user");
});
