/**
 * One provisioning run from seed to exit code: coexistence with cloud-init,
 * the seed, the instance data file, the user-data pipeline, and the stage
 * runner with the modules. A failure before the first stage is reported as
 * an `init-local` FAIL event, so the host learns why nothing ran.
 */

import { join } from "../../path/path.ts";
import { readDataSourceSettings } from "../../datasources/datasource_settings.ts";
import { EgsError } from "../../errors.ts";
import { ExitCode } from "../../exit_codes.ts";
import type { KvpStore } from "../../kvp/pool.ts";
import { getLogger } from "../../log/logging.ts";
import type { Platform } from "../../platform/types.ts";
import { KvpProvisioningReporter } from "../../reporting/provisioning_reporter.ts";
import type { Settings, Stage } from "../../settings/settings.ts";
import type { ProvisioningModule } from "../module.ts";
import { STAGE_EVENT_NAMES } from "../module_order.ts";
import { type ProvisioningReport, runProvisioning } from "../run_provisioning.ts";
import type { AgentPaths } from "./agent_paths.ts";
import { buildProvisioningInput } from "./build_provisioning_input.ts";
import { bridgeCloudInitStatus } from "./cloud_init_status_bridge.ts";
import { defersToCloudInit, detectCloudInit } from "./coexistence.ts";
import { findSeed, type SeedRequest } from "./find_seed.ts";
import { buildInstanceData, writeInstanceData } from "./instance_data.ts";
import { createNetworkConfigModule } from "./network_config_module.ts";

/** Options of {@linkcode runAgent}. */
export interface AgentOptions {
  paths: AgentPaths;
  settings: Settings;
  platform: Platform;
  modules: readonly ProvisioningModule[];
  /** Guest pools for state and events; a dry run never writes to them. */
  kvp?: KvpStore;
  seed: Omit<SeedRequest, "root" | "settings">;
  stage?: Stage;
  dryRun?: boolean;
  /** Provisions even where cloud-init is installed and enabled in the target. */
  force?: boolean;
  bootId?: string;
  /** Returns the warnings the process has logged so far, for `state.json`. */
  warnings?: () => readonly string[];
}

/** Outcome of a run. */
export interface AgentResult {
  exitCode: ExitCode;
  outcome: "provisioned" | "no-datasource" | "deferred-to-cloud-init" | "dry-run";
  report?: ProvisioningReport;
}

/**
 * Runs provisioning once. Exit code 0 covers success, no datasource, a
 * recorded reboot and deferring to cloud-init. Exit code 1 means a failed
 * stage or a rejected config. Errors with their own code (2 for unreadable
 * input) are rethrown after the failure is reported.
 */
export async function runAgent(options: AgentOptions): Promise<AgentResult> {
  const log = getLogger("provisioning", "agent");
  const { paths, settings } = options;

  const presence = await detectCloudInit({
    root: paths.root,
    kernelCommandLinePath: readDataSourceSettings(settings).kernelCommandLinePath,
  });
  if (defersToCloudInit(presence, settings.coexistence, options.force ?? false)) {
    log.info(
      "cloud-init is installed and enabled in the target, so it provisions and EGS reports " +
        "its status; set coexistence to provision or pass --force to provision with EGS.",
    );
    if (options.kvp !== undefined && !options.dryRun) {
      await bridgeCloudInitStatus({
        runCommand: (argv) => options.platform.processes.run({ kind: "argv", argv }),
        kvp: options.kvp,
        // An image that is not booted has no cloud-init run to follow.
        maxPolls: paths.hostIsolated ? 1 : settings.dataSources.readinessTimeoutMinutes * 12,
      });
    }
    return { exitCode: ExitCode.Ok, outcome: "deferred-to-cloud-init" };
  }
  if (presence.installed) {
    log.info("cloud-init is present in the target ({reason}); EGS provisions.", {
      reason: presence.disabledBy ?? "coexistence is provision or --force is set",
    });
  }

  let prepared;
  try {
    prepared = await prepare(options);
  } catch (error) {
    if (!options.dryRun) await reportEarlyFailure(options, error);
    throw error;
  }
  if (prepared === undefined) {
    log.info("No datasource has data for this machine; nothing to provision.", {});
    return { exitCode: ExitCode.Ok, outcome: "no-datasource" };
  }

  const report = await runProvisioning({
    input: prepared.input,
    modules: [createNetworkConfigModule(prepared.networkConfig), ...options.modules],
    settings,
    platform: options.platform,
    stateDir: paths.stateDir,
    stage: options.stage,
    dryRun: options.dryRun,
    hostIsolated: paths.hostIsolated,
    bootId: options.bootId,
    kvp: options.dryRun ? undefined : options.kvp,
    warnings: options.warnings,
  });
  return {
    exitCode: report.exitCode,
    outcome: options.dryRun ? "dry-run" : "provisioned",
    report,
  };
}

async function prepare(options: AgentOptions) {
  const { paths, settings } = options;
  const found = await findSeed({ ...options.seed, root: paths.root, settings });
  if (found === undefined) return undefined;

  const osRelease = await readOptionalText(join(paths.root, "etc", "os-release"));
  const instanceData = buildInstanceData({ ...found.facts, osRelease });
  if (!options.dryRun) await writeInstanceData(paths.stateDir, instanceData);

  const input = await buildProvisioningInput(found.payload, { settings, instanceData });
  return { input, networkConfig: found.networkConfig };
}

/** Reports a failure that happened before the first stage as a FAIL of `init-local`. */
async function reportEarlyFailure(options: AgentOptions, error: unknown): Promise<void> {
  const reason = error instanceof Error ? error.message : String(error);
  getLogger("provisioning", "agent").error("Provisioning failed before the first stage: {reason}", {
    reason,
    exitCode: error instanceof EgsError ? error.exitCode : ExitCode.Failure,
  });
  if (options.kvp === undefined) return;
  const bootTime = await options.platform.boot.readBootTime().catch(() => undefined);
  const incarnation = bootTime === undefined ? 0 : Math.floor(bootTime.getTime() / 1000);
  const reporter = new KvpProvisioningReporter(options.kvp, { incarnation });
  const name = STAGE_EVENT_NAMES.local;
  await reporter.announce();
  await reporter.reportEvent({ type: "start", name, message: `running ${name}` });
  await reporter.reportEvent({ type: "finish", name, result: "FAIL", message: reason });
  await reporter.reportState("failed");
}

async function readOptionalText(path: string): Promise<string | undefined> {
  try {
    return await Deno.readTextFile(path);
  } catch {
    return undefined;
  }
}
