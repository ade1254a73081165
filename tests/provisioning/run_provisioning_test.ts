import { assert, assertEquals, assertRejects, assertStringIncludes } from "../_support/assert.ts";
import { OperationError } from "../../src/errors.ts";
import { ExitCode } from "../../src/exit_codes.ts";
import { readCloudInitEvents } from "../../src/reporting/cloud_init_event_reader.ts";
import { PROVISIONING_STATE_KEY } from "../../src/reporting/provisioning_reporter.ts";
import type { ProvisioningModule } from "../../src/provisioning/module.ts";
import {
  type ProvisioningOptions,
  runProvisioning,
} from "../../src/provisioning/run_provisioning.ts";
import { readProvisioningState } from "../../src/provisioning/provisioning_state.ts";
import { defaultSettings } from "../../src/settings/settings.ts";
import { fakeInput, fakeModule, fakePlatform, listFiles, MemoryKvpStore } from "./_fakes.ts";

async function withStateDir(fn: (stateDir: string) => Promise<void>): Promise<void> {
  const stateDir = await Deno.makeTempDir({ prefix: "egs-provisioning-" });
  try {
    await fn(stateDir);
  } finally {
    await Deno.remove(stateDir, { recursive: true });
  }
}

function options(
  stateDir: string,
  modules: ProvisioningModule[],
  overrides: Partial<ProvisioningOptions> = {},
): ProvisioningOptions {
  return {
    input: fakeInput(),
    modules,
    settings: defaultSettings(),
    platform: fakePlatform(),
    stateDir,
    bootId: "boot-1",
    hostIsolated: true,
    ...overrides,
  };
}

/** Builds one config-stage module per frequency. */
function frequencyModules(calls: string[]): ProvisioningModule[] {
  return [
    fakeModule("always_module", "config", calls, { frequency: "always" }),
    fakeModule("boot_module", "config", calls, { frequency: "per-boot" }),
    fakeModule("instance_module", "config", calls, { frequency: "per-instance" }),
    fakeModule("once_module", "config", calls, { frequency: "per-once" }),
  ];
}

Deno.test("runProvisioning() runs stages and modules in cloud-init order", async () => {
  await withStateDir(async (stateDir) => {
    const calls: string[] = [];
    const modules = [
      fakeModule("scripts_user", "final", calls),
      fakeModule("runcmd", "config", calls),
      fakeModule("users_groups", "network", calls),
      fakeModule("power_state_change", "final", calls),
      fakeModule("bootcmd", "network", calls, { frequency: "always" }),
      fakeModule("write_files_deferred", "final", calls),
      fakeModule("timezone", "config", calls),
      fakeModule("write_files", "network", calls),
    ];

    const report = await runProvisioning(options(stateDir, modules));

    assertEquals(calls, [
      "bootcmd",
      "write_files",
      "users_groups",
      "timezone",
      "runcmd",
      "write_files_deferred",
      "scripts_user",
      "power_state_change",
    ]);
    assertEquals(report.exitCode, ExitCode.Ok);
    assertEquals(report.status, "completed");
  });
});

Deno.test("runProvisioning() applies nothing new on a second run", async () => {
  await withStateDir(async (stateDir) => {
    const calls: string[] = [];
    await runProvisioning(options(stateDir, frequencyModules(calls)));
    calls.length = 0;

    const report = await runProvisioning(options(stateDir, frequencyModules(calls)));

    assertEquals(calls, ["always_module"]);
    assertEquals(
      report.actions.filter((action) => action.action === "skip").map((action) => action.reason),
      [
        "already ran in this boot",
        "already ran for this instance",
        "already ran once on this machine",
      ],
    );
  });
});

Deno.test("runProvisioning() reruns per-instance modules for a new instance id", async () => {
  await withStateDir(async (stateDir) => {
    const calls: string[] = [];
    await runProvisioning(options(stateDir, frequencyModules(calls)));
    calls.length = 0;

    await runProvisioning(
      options(stateDir, frequencyModules(calls), { input: fakeInput("iid-2") }),
    );

    assertEquals(calls, ["always_module", "boot_module", "instance_module"]);
    const previous = await Deno.readTextFile(`${stateDir}/data/previous-instance-id`);
    assertEquals(previous, "iid-1\n");
    assertEquals(await Deno.readTextFile(`${stateDir}/data/instance-id`), "iid-2\n");
  });
});

Deno.test("runProvisioning() reruns per-boot modules for a new boot id", async () => {
  await withStateDir(async (stateDir) => {
    const calls: string[] = [];
    await runProvisioning(options(stateDir, frequencyModules(calls)));
    calls.length = 0;

    await runProvisioning(options(stateDir, frequencyModules(calls), { bootId: "boot-2" }));

    assertEquals(calls, ["always_module", "boot_module"]);
    assertEquals(await Deno.readTextFile(`${stateDir}/data/boot-id`), "boot-2\n");
  });
});

Deno.test("runProvisioning() lays out semaphores like /var/lib/cloud", async () => {
  await withStateDir(async (stateDir) => {
    await runProvisioning(options(stateDir, frequencyModules([])));

    assertEquals(await listFiles(stateDir), [
      "data/boot-id",
      "data/instance-id",
      "instances/iid-1/boot-finished",
      "instances/iid-1/sem/config_boot_module.boot",
      "instances/iid-1/sem/config_instance_module",
      "sem/config_once_module.once",
      "state.json",
    ]);
    const marker = JSON.parse(
      await Deno.readTextFile(`${stateDir}/instances/iid-1/sem/config_boot_module.boot`),
    );
    assertEquals(marker.bootId, "boot-1");
  });
});

Deno.test("runProvisioning() keeps instance directories inside the state dir", async () => {
  await withStateDir(async (stateDir) => {
    await runProvisioning(
      options(stateDir, frequencyModules([]), { input: fakeInput("../escape/..") }),
    );

    assert(
      (await listFiles(stateDir)).includes("instances/.._escape_../sem/config_instance_module"),
    );
  });
});

Deno.test("runProvisioning() continues after a failing module and fails the run", async () => {
  await withStateDir(async (stateDir) => {
    const calls: string[] = [];
    const kvp = new MemoryKvpStore();
    const modules = [
      fakeModule("ntp", "config", calls, {
        handle: () => Promise.reject(new Error('Cannot reach NTP server "ntp.invalid".')),
      }),
      fakeModule("runcmd", "config", calls),
      fakeModule("scripts_user", "final", calls),
    ];

    const report = await runProvisioning(options(stateDir, modules, { kvp }));

    assertEquals(calls, ["ntp", "runcmd", "scripts_user"]);
    assertEquals(report.exitCode, ExitCode.Failure);
    assertEquals(report.status, "failed");
    assertEquals(report.errors, ['ntp: Cannot reach NTP server "ntp.invalid".']);

    const state = await readProvisioningState(`${stateDir}/state.json`);
    assertEquals(state?.status, "failed");
    assertEquals(state?.modules.ntp.result, "failed");
    assertEquals(state?.modules.runcmd.result, "applied");
    assertEquals(kvp.guest.items.get(PROVISIONING_STATE_KEY), "failed");

    const failures = readCloudInitEvents(kvp.guest.items).filter((event) =>
      event.result === "FAIL"
    );
    assertEquals(failures.map((event) => event.name), [
      "modules-config/config-ntp",
      "modules-config",
    ]);
    assertEquals(failures[0].message, 'Cannot reach NTP server "ntp.invalid".');
    assertStringIncludes(failures[1].message, "config-ntp: Cannot reach NTP server");
  });
});

Deno.test("runProvisioning() reports stages, modules and probes over KVP", async () => {
  await withStateDir(async (stateDir) => {
    const kvp = new MemoryKvpStore();
    kvp.guest.items.set("CLOUD_INIT|1700000000|start|init-local|old", "{}");
    const modules = [fakeModule("runcmd", "config", [])];

    await runProvisioning(options(stateDir, modules, { kvp }));

    const items = kvp.guest.items;
    assertEquals(items.get("eryph.provisioning.handler.ready"), "1");
    assertEquals(items.get("CLOUD_INIT.probe"), "1");
    assertEquals(items.has("CLOUD_INIT|1700000000|start|init-local|old"), false);
    assertEquals(kvp.guest.history(PROVISIONING_STATE_KEY), [
      "started",
      "running",
      "running",
      "running",
      "running",
      "completed",
    ]);

    const events = readCloudInitEvents(items).map((event) => `${event.type} ${event.name}`);
    assertEquals(events.sort(), [
      "finish init-local",
      "finish init-network",
      "finish modules-config",
      "finish modules-config/config-runcmd",
      "finish modules-final",
      "start init-local",
      "start init-network",
      "start modules-config",
      "start modules-config/config-runcmd",
      "start modules-final",
    ]);
    const incarnation = Date.UTC(2026, 11, 4, 20, 0, 0) / 1000;
    assert([...items.keys()].some((key) => key.startsWith(`CLOUD_INIT|${incarnation}|`)));
  });
});

Deno.test("runProvisioning() with stage runs that stage only", async () => {
  await withStateDir(async (stateDir) => {
    const calls: string[] = [];
    const modules = [
      fakeModule("users_groups", "network", calls),
      fakeModule("runcmd", "config", calls),
      fakeModule("scripts_user", "final", calls),
    ];

    const report = await runProvisioning(options(stateDir, modules, { stage: "config" }));

    assertEquals(calls, ["runcmd"]);
    assertEquals(report.status, "running");
    assertEquals(report.exitCode, ExitCode.Ok);
  });
});

Deno.test("runProvisioning() skips modules whose keys are absent", async () => {
  await withStateDir(async (stateDir) => {
    const calls: string[] = [];
    const modules = [
      fakeModule("runcmd", "config", calls, { activatedBy: ["runcmd"] }),
      fakeModule("timezone", "config", calls, { activatedBy: ["timezone"] }),
    ];

    const report = await runProvisioning(
      options(stateDir, modules, { input: fakeInput("iid-1", { timezone: "UTC" }) }),
    );

    assertEquals(calls, ["timezone"]);
    const runcmd = report.actions.find((action) => action.module === "runcmd");
    assertEquals(runcmd?.reason, "not activated: none of runcmd is set");
    assertEquals(await listFiles(`${stateDir}/instances/iid-1/sem`), ["config_timezone"]);
  });
});

Deno.test("runProvisioning() in dry-run mode runs and writes nothing", async () => {
  await withStateDir(async (stateDir) => {
    const calls: string[] = [];
    const kvp = new MemoryKvpStore();
    const platform = fakePlatform();

    const report = await runProvisioning(
      options(stateDir, frequencyModules(calls), { dryRun: true, kvp, platform }),
    );

    assertEquals(calls, []);
    assertEquals(await listFiles(stateDir), []);
    assertEquals(kvp.guest.writes, []);
    assertEquals(report.status, "dry-run");
    assertEquals(report.actions.map((action) => `${action.module}: ${action.action}`), [
      "always_module: run",
      "boot_module: run",
      "instance_module: run",
      "once_module: run",
    ]);
  });
});

Deno.test("runProvisioning() in dry-run mode lists modules that already ran", async () => {
  await withStateDir(async (stateDir) => {
    await runProvisioning(options(stateDir, frequencyModules([])));
    const before = await listFiles(stateDir);
    const state = await Deno.readTextFile(`${stateDir}/state.json`);

    const report = await runProvisioning(
      options(stateDir, frequencyModules([]), { dryRun: true }),
    );

    assertEquals(report.actions.map((action) => action.action), ["run", "skip", "skip", "skip"]);
    assertEquals(await listFiles(stateDir), before);
    assertEquals(await Deno.readTextFile(`${stateDir}/state.json`), state);
  });
});

Deno.test("runProvisioning() names the step when the state dir is unusable", async () => {
  await withStateDir(async (stateDir) => {
    await Deno.writeTextFile(`${stateDir}/data`, "a file where a directory belongs");

    const error = await assertRejects(
      () => runProvisioning(options(stateDir, frequencyModules([]))),
      OperationError,
    );

    assertStringIncludes(error.message, "Cannot read the recorded instance and boot ids");
  });
});

Deno.test("runProvisioning() fails an always-run module whose read key was rejected", async () => {
  await withStateDir(async (stateDir) => {
    const calls: string[] = [];
    const users = { ...fakeModule("users_groups", "network", calls), reads: ["users"] };
    const input = {
      // The input builder leaves a rejected key out of the config the modules see.
      ...fakeInput("iid-1", {}),
      rejectedKeys: new Map([["users", "users[0].groups: expected a string or a list"]]),
    };

    const report = await runProvisioning(
      options(stateDir, [users, fakeModule("runcmd", "config", calls)], { input }),
    );

    assertEquals(calls, ["runcmd"]);
    assertEquals(report.status, "failed");
    assertEquals(report.exitCode, ExitCode.Failure);
    assertStringIncludes(report.errors[0], "users_groups: Invalid configuration: users[0].groups");
  });
});
