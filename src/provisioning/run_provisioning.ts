/**
 * The stage runner: Local, Network, Config and Final in order (or one stage
 * with `stage`), each module once per its frequency, reboot requests recorded
 * or performed, and the state reported to state.json and the guest KVP pool.
 */

import { OperationError } from "../errors.ts";
import { ExitCode } from "../exit_codes.ts";
import type { KvpStore } from "../kvp/pool.ts";
import { getLogger } from "../log/logging.ts";
import type { Platform } from "../platform/types.ts";
import {
  KvpProvisioningReporter,
  type ProvisioningReporter,
  SilentReporter,
} from "../reporting/provisioning_reporter.ts";
import type { Settings, Stage } from "../settings/settings.ts";
import type { ProvisioningInput, RunSession } from "./_run_session.ts";
import { type BootIdentity, detectBootIdentity, recordBootIdentity } from "./boot_identity.ts";
import type { ProvisioningModule } from "./module.ts";
import { STAGE_ORDER } from "./module_order.ts";
import { buildStagePlan, type StagePlan } from "./module_registry.ts";
import { type PlannedAction, planStages } from "./plan_module.ts";
import {
  type PendingReboot,
  type ProvisioningState,
  readProvisioningState,
} from "./provisioning_state.ts";
import { rejectionReason } from "./run_module.ts";
import { Semaphores } from "./semaphores.ts";
import { StatePaths } from "./state_paths.ts";
import { finishRun, runStages } from "./_run_stages.ts";
import { initialState, pendingRebootOfThisBoot, resumesAfterReboot } from "./_resume.ts";

export type { ProvisioningInput } from "./_run_session.ts";

/** Options of {@linkcode runProvisioning}. */
export interface ProvisioningOptions {
  input: ProvisioningInput;
  modules: readonly ProvisioningModule[];
  settings: Settings;
  platform: Platform;
  stateDir: string;
  /** Runs only this stage; all four in order when unset. */
  stage?: Stage;
  /** Decides what would run and changes nothing: no state, semaphores, KVP or handlers. */
  dryRun?: boolean;
  /** True under `--root`: a reboot is recorded as pending, never performed. */
  hostIsolated?: boolean;
  /** Boot id to use instead of the platform's (`--boot-id`); tests simulate reboots with it. */
  bootId?: string;
  /** Guest pools for state and events; no KVP reporting when unset. */
  kvp?: KvpStore;
  now?: () => Date;
  /** Returns the warnings the process has logged so far, for `state.json`; none when unset. */
  warnings?: () => readonly string[];
}

/** Result of {@linkcode runProvisioning}. */
export interface ProvisioningReport {
  exitCode: ExitCode;
  /** Final status; `dry-run` for a dry run, `running` when a stage other than Final ran alone. */
  status: ProvisioningState["status"] | "dry-run";
  /** Each module considered, in order, with whether it ran; for a dry run, whether it would. */
  actions: PlannedAction[];
  rebootPending?: PendingReboot;
  errors: string[];
}

/**
 * Runs the provisioning stages. A failing module fails the run (exit code 1)
 * but the remaining modules still run. A reboot request stops the run with
 * exit code 0 after recording `reboot_pending`; unless `hostIsolated` is set,
 * the platform then reboots. Throws `OperationError` when the state
 * directory cannot be read or written before the first stage starts.
 */
export async function runProvisioning(options: ProvisioningOptions): Promise<ProvisioningReport> {
  const log = getLogger("provisioning");
  const now = options.now ?? (() => new Date());
  const instanceId = options.input.instance.instanceId;
  const bootId = options.bootId ?? await options.platform.boot.readBootId();
  const paths = new StatePaths(options.stateDir, instanceId);
  const stages = options.stage === undefined ? STAGE_ORDER : [options.stage];
  const plan = buildStagePlan(options.modules, options.settings);

  const identity = await step(
    "read the recorded instance and boot ids",
    () => detectBootIdentity(paths, instanceId, bootId),
  );
  const previous = await step(
    `read ${paths.stateFile}`,
    () => readProvisioningState(paths.stateFile),
  );

  const waiting = pendingRebootOfThisBoot(previous, identity);
  if (waiting !== undefined) {
    return await awaitPendingReboot(options, waiting);
  }

  const semaphores = new Semaphores(paths, bootId);
  if (options.dryRun) {
    const actions = await planStages(stages, plan, options.input.rawConfig, semaphores);
    const errors = markRejectedModules(actions, plan, options.input.rejectedKeys);
    return {
      exitCode: errors.length > 0 ? ExitCode.Failure : ExitCode.Ok,
      status: "dry-run",
      actions,
      errors,
    };
  }

  const session: RunSession = {
    input: options.input,
    settings: options.settings,
    platform: options.platform,
    paths,
    semaphores,
    reporter: await createReporter(options),
    state: initialState(previous, identity, now()),
    hostIsolated: options.hostIsolated ?? false,
    log,
    now,
    earlierWarnings: resumesAfterReboot(previous, identity) ? previous.warnings ?? [] : [],
    warnings: options.warnings ?? (() => []),
  };
  logIdentity(session, identity, previous);

  await session.reporter.announce();

  await session.reporter.reportState("started");

  await step(
    `record the instance and boot ids under ${options.stateDir}`,
    () => recordBootIdentity(paths, identity),
  );

  try {
    const outcome = await runStages(session, stages, plan);
    return await finishRun(session, stages, outcome);
  } finally {
    await session.reporter.flush();
  }
}

/**
 * Handles a run in the boot that requested a reboot, which has not happened
 * yet: nothing runs. Outside host isolation the reboot is requested again,
 * because the previous request evidently did not take effect.
 */
async function awaitPendingReboot(
  options: ProvisioningOptions,
  pending: PendingReboot,
): Promise<ProvisioningReport> {
  const log = getLogger("provisioning");
  const fields = { module: pending.module, reason: pending.reason, bootId: pending.bootId };
  const report: ProvisioningReport = {
    exitCode: ExitCode.Ok,
    status: "reboot_pending",
    actions: [],
    rebootPending: pending,
    errors: [],
  };
  if (options.hostIsolated || options.dryRun) {
    log.info("The reboot requested by {module} is pending in boot {bootId}; nothing runs.", fields);
    return report;
  }

  log.warning("The reboot requested by {module} has not happened; requesting it again.", fields);
  await options.platform.power.reboot(pending.reason);
  return report;
}

/** Runs one preparation step and wraps its failure in an error naming the step and the fix. */
async function step<T>(name: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new OperationError(
      `Cannot ${name}: ${reason}. Check that the state directory is readable and writable.`,
      { cause: error },
    );
  }
}

async function createReporter(options: ProvisioningOptions): Promise<ProvisioningReporter> {
  if (options.kvp === undefined) return new SilentReporter();
  const bootTime = await options.platform.boot.readBootTime();
  const incarnation = bootTime === undefined ? 0 : Math.floor(bootTime.getTime() / 1000);
  return new KvpProvisioningReporter(options.kvp, { incarnation });
}

function logIdentity(
  session: RunSession,
  identity: BootIdentity,
  previous: ProvisioningState | undefined,
): void {
  const fields = {
    instanceId: identity.instanceId,
    bootId: identity.bootId,
    previousInstanceId: identity.previousInstanceId,
  };
  if (identity.newInstance) session.log.info("New instance {instanceId}.", fields);
  if (identity.newBoot) session.log.info("New boot {bootId}.", fields);
  if (previous?.status === "reboot_pending" && previous.rebootPending !== undefined) {
    session.log.info("Resuming after the reboot requested by {module}.", {
      module: previous.rebootPending.module,
    });
  }
}

/**
 * Marks the planned modules that a real run would fail before they start,
 * because a key they read was rejected, and returns their errors in the form
 * of a real run's.
 */
function markRejectedModules(
  actions: PlannedAction[],
  plan: StagePlan,
  rejectedKeys: ReadonlyMap<string, string> | undefined,
): string[] {
  const errors: string[] = [];
  for (const action of actions.filter((item) => item.action === "run")) {
    const module = plan[action.stage].find((item) => item.name === action.module);
    const reason = module === undefined ? undefined : rejectionReason(rejectedKeys, module);
    if (reason === undefined) continue;
    action.failure = reason;
    errors.push(`${action.module}: ${reason}`);
  }
  return errors;
}
