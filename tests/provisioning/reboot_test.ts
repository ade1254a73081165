import { assertEquals, assertStringIncludes } from "../_support/assert.ts";
import { ExitCode } from "../../src/exit_codes.ts";
import { entryOutcome } from "../../src/provisioning/entry_outcome.ts";
import type { ProvisioningModule } from "../../src/provisioning/module.ts";
import { readProvisioningState } from "../../src/provisioning/provisioning_state.ts";
import {
  type ProvisioningOptions,
  runProvisioning,
} from "../../src/provisioning/run_provisioning.ts";
import { PROVISIONING_STATE_KEY } from "../../src/reporting/provisioning_reporter.ts";
import { defaultSettings } from "../../src/settings/settings.ts";
import { fakeInput, fakeModule, fakePlatform, FakeProcesses, MemoryKvpStore } from "./_fakes.ts";

async function withStateDir(fn: (stateDir: string) => Promise<void>): Promise<void> {
  const stateDir = await Deno.makeTempDir({ prefix: "egs-reboot-" });
  try {
    await fn(stateDir);
  } finally {
    await Deno.remove(stateDir, { recursive: true });
  }
}

/** Builds a runcmd stand-in that runs its commands through the context's entry runner. */
function commandModule(calls: string[], commands: string[]): ProvisioningModule {
  return fakeModule("runcmd", "config", calls, {
    handle: async (context) => {
      const result = await context.entries.run(
        commands.map((command) => ({ command: { kind: "shell", command }, content: command })),
      );
      return entryOutcome(result);
    },
  });
}

Deno.test("runProvisioning() records a reboot and resumes on a new boot id", async () => {
  await withStateDir(async (stateDir) => {
    const calls: string[] = [];
    const processes = new FakeProcesses().script("install", { code: 1003 }, { code: 1003 });
    const platform = fakePlatform(processes);
    const kvp = new MemoryKvpStore();
    const modules = [
      fakeModule("users_groups", "network", calls),
      commandModule(calls, ["install", "cleanup"]),
      fakeModule("scripts_user", "final", calls),
    ];
    const run = (bootId: string) =>
      runProvisioning({
        input: fakeInput(),
        modules,
        settings: defaultSettings(),
        platform,
        stateDir,
        bootId,
        hostIsolated: true,
        kvp,
      });

    const first = await run("boot-1");
    const sameBoot = await run("boot-1");
    const second = await run("boot-2");
    const third = await run("boot-3");

    assertEquals(first.exitCode, ExitCode.Ok);
    assertEquals(first.status, "reboot_pending");
    assertEquals(first.rebootPending?.module, "runcmd");
    assertEquals(sameBoot.status, "reboot_pending");
    assertEquals(sameBoot.actions, []);
    assertEquals(second.status, "reboot_pending");
    assertEquals(third.status, "completed");
    assertEquals(calls, ["users_groups", "runcmd", "runcmd", "runcmd", "scripts_user"]);
    assertEquals(processes.commands(), ["install", "install", "install", "cleanup"]);
    assertEquals(platform.reboots, []);
    assertEquals(kvp.guest.history(PROVISIONING_STATE_KEY).filter((state) => state !== "running"), [
      "started",
      "reboot_pending",
      "started",
      "reboot_pending",
      "started",
      "completed",
    ]);
  });
});

Deno.test("runProvisioning() reboots through the platform when not host-isolated", async () => {
  await withStateDir(async (stateDir) => {
    const platform = fakePlatform();
    const modules = [
      fakeModule("set_hostname", "network", [], {
        handle: (context) => Promise.resolve(context.requestReboot("hostname needs a reboot")),
      }),
      fakeModule("users_groups", "network", []),
    ];

    const report = await runProvisioning({
      input: fakeInput(),
      modules,
      settings: defaultSettings(),
      platform,
      stateDir,
      bootId: "boot-1",
    });

    assertEquals(report.exitCode, ExitCode.Ok);
    assertEquals(platform.reboots, ["hostname needs a reboot"]);
    const state = await readProvisioningState(`${stateDir}/state.json`);
    assertEquals(state?.status, "reboot_pending");
    assertEquals(state?.rebootPending?.bootId, "boot-1");
    assertEquals(state?.modules.users_groups, undefined);
  });
});

Deno.test("runProvisioning() continues after a module reboot without rerunning it", async () => {
  await withStateDir(async (stateDir) => {
    const calls: string[] = [];
    const modules = [
      fakeModule("set_hostname", "network", calls, {
        handle: (context) => Promise.resolve(context.requestReboot("hostname changed")),
      }),
      fakeModule("users_groups", "network", calls),
    ];
    const options = (bootId: string): ProvisioningOptions => ({
      input: fakeInput(),
      modules,
      settings: defaultSettings(),
      platform: fakePlatform(),
      stateDir,
      bootId,
      hostIsolated: true,
    });

    await runProvisioning(options("boot-1"));
    const report = await runProvisioning(options("boot-2"));

    assertEquals(calls, ["set_hostname", "users_groups"]);
    assertEquals(report.status, "completed");
  });
});

Deno.test("runProvisioning() fails a module past reboot.maxPerModule", async () => {
  await withStateDir(async (stateDir) => {
    const calls: string[] = [];
    const settings = defaultSettings();
    settings.reboot.maxPerModule = 2;
    const modules = [
      fakeModule("growpart", "network", calls, {
        frequency: "always",
        handle: (context) => Promise.resolve(context.requestReboot("partition grown", "rerun")),
      }),
      fakeModule("users_groups", "network", calls),
    ];
    const run = (bootId: string) =>
      runProvisioning({
        input: fakeInput(),
        modules,
        settings,
        platform: fakePlatform(),
        stateDir,
        bootId,
        hostIsolated: true,
      });

    const statuses = [];
    for (const bootId of ["boot-1", "boot-2", "boot-3"]) statuses.push((await run(bootId)).status);
    const state = await readProvisioningState(`${stateDir}/state.json`);

    assertEquals(statuses, ["reboot_pending", "reboot_pending", "failed"]);
    assertEquals(calls, ["growpart", "growpart", "growpart", "users_groups"]);
    assertEquals(state?.modules.growpart.result, "failed");
    assertStringIncludes(state?.errors[0] ?? "", "after 2 reboots, the limit");
  });
});

Deno.test("runProvisioning() keeps a failure from before a reboot", async () => {
  await withStateDir(async (stateDir) => {
    const modules = [
      fakeModule("write_files", "network", [], {
        handle: () => Promise.reject(new Error("Cannot write /etc/motd.")),
      }),
      fakeModule("set_hostname", "network", [], {
        handle: (context) => Promise.resolve(context.requestReboot("hostname changed")),
      }),
    ];
    const run = (bootId: string) =>
      runProvisioning({
        input: fakeInput(),
        modules,
        settings: defaultSettings(),
        platform: fakePlatform(),
        stateDir,
        bootId,
        hostIsolated: true,
      });

    const first = await run("boot-1");
    const second = await run("boot-2");

    assertEquals(first.status, "reboot_pending");
    assertEquals(second.status, "failed");
    assertEquals(second.exitCode, ExitCode.Failure);
    assertEquals(second.errors, ["write_files: Cannot write /etc/motd."]);
  });
});

Deno.test("runProvisioning() repeats a reboot that did not happen", async () => {
  await withStateDir(async (stateDir) => {
    const calls: string[] = [];
    const platform = fakePlatform();
    const modules = [
      fakeModule("set_hostname", "network", calls, {
        handle: (context) => Promise.resolve(context.requestReboot("hostname changed")),
      }),
    ];
    const options: ProvisioningOptions = {
      input: fakeInput(),
      modules,
      settings: defaultSettings(),
      platform,
      stateDir,
      bootId: "boot-1",
    };

    await runProvisioning(options);
    const again = await runProvisioning(options);

    assertEquals(again.status, "reboot_pending");
    assertEquals(calls, ["set_hostname"]);
    assertEquals(platform.reboots, ["hostname changed", "hostname changed"]);
  });
});

Deno.test("runProvisioning() keeps warnings across a reboot chain", async () => {
  await withStateDir(async (stateDir) => {
    const processes = new FakeProcesses().script("install", { code: 1003 });
    const modules = [commandModule([], ["install"])];
    const run = (bootId: string, warnings: string[]) =>
      runProvisioning({
        input: fakeInput(),
        modules,
        settings: defaultSettings(),
        platform: fakePlatform(processes),
        stateDir,
        bootId,
        hostIsolated: true,
        warnings: () => warnings,
      });

    const first = await run("boot-1", ["first warning"]);
    const afterFirst = await readProvisioningState(`${stateDir}/state.json`);
    const second = await run("boot-2", ["second warning"]);
    const afterSecond = await readProvisioningState(`${stateDir}/state.json`);
    const fresh = await run("boot-3", ["third warning"]);
    const afterThird = await readProvisioningState(`${stateDir}/state.json`);

    assertEquals(first.status, "reboot_pending");
    assertEquals(afterFirst?.warnings, ["first warning"]);
    assertEquals(second.status, "completed");
    assertEquals(afterSecond?.warnings, ["first warning", "second warning"]);
    assertEquals(fresh.status, "completed");
    assertEquals(afterThird?.warnings, ["third warning"]);
  });
});
