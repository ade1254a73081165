/**
 * Runs one module: start event, handler, reboot cap, semaphore, finish event
 * and state.json. A throwing handler fails only its module, and the stage loop
 * then runs the next module, as cloud-init does.
 */

import { getLogger } from "../log/logging.ts";
import type { Stage } from "../settings/settings.ts";
import { type RunSession, saveState } from "./_run_session.ts";
import { EntryRunner } from "./entry_runner.ts";
import type { ModuleContext, ModuleOutcome, ProvisioningModule, RebootRequest } from "./module.ts";
import { moduleEventName } from "./module_order.ts";
import type { ModuleRecord } from "./provisioning_state.ts";

/** Outcome of one module run. */
export interface ModuleRunResult {
  record: ModuleRecord;
  /** Set when the module requested a reboot within its cap. */
  reboot?: RebootRequest;
  /** Failure reason; set when the module failed. */
  failure?: string;
}

/** Runs `module`, which the plan decided to run, and records the result. */
export async function runModule(
  session: RunSession,
  stage: Stage,
  module: ProvisioningModule,
): Promise<ModuleRunResult> {
  const eventName = moduleEventName(stage, module.name);
  const log = getLogger("provisioning", module.name);
  const entries = new EntryRunner({
    processes: session.platform.processes,
    progressPath: session.paths.entryProgress(module.name, module.frequency),
    maxRebootsPerEntry: session.settings.reboot.maxPerScript,
    allowLimitOverride: session.settings.reboot.allowScriptOverride,
    log,
  });

  await session.reporter.reportEvent({
    type: "start",
    name: eventName,
    message: `running config-${module.name} with frequency ${module.frequency}`,
  });
  log.info("Module {module} started.", { module: module.name, stage });

  const result = await handleSafely(session, module, createContext(session, module, entries));

  if (result.reboot?.after !== "rerun") {
    await session.semaphores.markRun(module.name, module.frequency, session.now());
    await entries.clear();
  }

  await session.reporter.reportEvent({
    type: "finish",
    name: eventName,
    result: result.failure === undefined ? "SUCCESS" : "FAIL",
    message: result.failure ?? (result.reboot ? "RebootRequested" : "Completed"),
  });
  logFinish(log, module.name, result);

  session.state.modules[module.name] = result.record;
  if (result.failure !== undefined) {
    session.state.errors.push(`${module.name}: ${result.failure}`);
  }
  await saveState(session);
  return result;
}

async function handleSafely(
  session: RunSession,
  module: ProvisioningModule,
  context: ModuleContext,
): Promise<ModuleRunResult> {
  const record = (result: ModuleRecord["result"], message?: string): ModuleRecord => ({
    stage: module.stage,
    result,
    message,
    finishedAt: session.now().toISOString(),
  });

  const rejection = rejectionOf(session, module);
  if (rejection !== undefined) return { record: record("failed", rejection), failure: rejection };

  let outcome: ModuleOutcome;
  try {
    outcome = await module.handle(context);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { record: record("failed", reason), failure: reason };
  }

  if (outcome.status !== "reboot") return { record: record(outcome.status, outcome.message) };

  const capFailure = countModuleReboot(session, module.name, outcome.reboot);
  if (capFailure !== undefined) {
    return { record: record("failed", capFailure), failure: capFailure };
  }
  return { record: record("reboot", outcome.reboot.reason), reboot: outcome.reboot };
}

function rejectionOf(session: RunSession, module: ProvisioningModule): string | undefined {
  return rejectionReason(session.input.rejectedKeys, module);
}

/**
 * Returns why `module` fails before it runs: the validation errors of the
 * keys it is activated by or reads, when any of them was rejected.
 */
export function rejectionReason(
  rejected: ReadonlyMap<string, string> | undefined,
  module: ProvisioningModule,
): string | undefined {
  if (rejected === undefined) return undefined;
  const keys = [...module.activatedBy, ...(module.reads ?? [])];
  const errors = keys.flatMap((key) => rejected.get(key) ?? []);
  return errors.length === 0 ? undefined : `Invalid configuration: ${errors.join("; ")}`;
}

/** Counts a module's own reboot request; returns the failure reason once the cap is reached. */
function countModuleReboot(
  session: RunSession,
  moduleName: string,
  reboot: RebootRequest,
): string | undefined {
  if (reboot.entry !== undefined) return undefined;

  const limit = session.settings.reboot.maxPerModule;
  const count = session.state.moduleReboots[moduleName] ?? 0;
  if (count >= limit) {
    return `Module ${moduleName} requested a reboot ("${reboot.reason}") after ${count} ` +
      `reboots, the limit; raise reboot.maxPerModule if it needs more.`;
  }
  session.state.moduleReboots[moduleName] = count + 1;
  return undefined;
}

function createContext(
  session: RunSession,
  module: ProvisioningModule,
  entries: EntryRunner,
): ModuleContext {
  return {
    config: session.input.config,
    rawConfig: session.input.rawConfig,
    scripts: session.input.scripts ?? [],
    boothooks: session.input.boothooks ?? [],
    instance: session.input.instance,
    platform: session.platform,
    settings: session.settings,
    log: getLogger("provisioning", module.name),
    hostIsolated: session.hostIsolated,
    entries,
    requestReboot: (reason, after = "continue") => ({
      status: "reboot",
      reboot: { reason, after },
    }),
  };
}

function logFinish(
  log: ReturnType<typeof getLogger>,
  moduleName: string,
  result: ModuleRunResult,
): void {
  if (result.failure !== undefined) {
    log.error("Module {module} failed: {reason}", { module: moduleName, reason: result.failure });
  } else if (result.reboot !== undefined) {
    log.info("Module {module} requested a reboot: {reason}", {
      module: moduleName,
      reason: result.reboot.reason,
    });
  } else {
    log.info("Module {module} finished: {result}.", {
      module: moduleName,
      result: result.record.result,
    });
  }
}
