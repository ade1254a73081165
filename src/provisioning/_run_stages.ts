/** The stage loop of a provisioning run and the step that ends the run. */

import { ExitCode } from "../exit_codes.ts";
import type { Stage } from "../settings/settings.ts";
import { type RunSession, saveState } from "./_run_session.ts";
import type { RebootRequest } from "./module.ts";
import { STAGE_EVENT_NAMES } from "./module_order.ts";
import type { StagePlan } from "./module_registry.ts";
import { planModule, type PlannedAction } from "./plan_module.ts";
import type { ProvisioningReport } from "./run_provisioning.ts";
import { runModule } from "./run_module.ts";
import { writeFileAtomic } from "./write_file_atomic.ts";

/** Result of the stage loop: the modules considered and the reboot request that stopped it. */
export interface StagesOutcome {
  actions: PlannedAction[];
  reboot?: { module: string; request: RebootRequest };
}

/**
 * Runs the stages in order until one requests a reboot. A module failure is
 * recorded and the loop goes on. An error outside a module, such as a state
 * directory that is not writable, ends the loop and fails the current stage.
 */
export async function runStages(
  session: RunSession,
  stages: readonly Stage[],
  plan: StagePlan,
): Promise<StagesOutcome> {
  const outcome: StagesOutcome = { actions: [] };
  for (const stage of stages) {
    const eventName = STAGE_EVENT_NAMES[stage];
    const failures: string[] = [];
    session.state.stage = stage;

    await session.reporter.reportState("running");
    await session.reporter.reportEvent({
      type: "start",
      name: eventName,
      message: `running ${eventName}`,
    });

    try {
      await saveState(session);
      await runStageModules(session, stage, plan, outcome, failures);
    } catch (error) {
      const reason = `stage ${stage} failed: ${error instanceof Error ? error.message : error}`;
      session.log.error("Provisioning {reason}", { reason, stage, error });
      session.state.errors.push(reason);
      await reportStageFinish(session, eventName, [reason], false);
      return outcome;
    }

    await reportStageFinish(session, eventName, failures, outcome.reboot !== undefined);
    if (outcome.reboot !== undefined) return outcome;
  }
  return outcome;
}

async function runStageModules(
  session: RunSession,
  stage: Stage,
  plan: StagePlan,
  outcome: StagesOutcome,
  failures: string[],
): Promise<void> {
  for (const module of plan[stage]) {
    const action = await planModule(stage, module, session.input.rawConfig, session.semaphores);
    outcome.actions.push(action);
    if (action.action === "skip") {
      session.log.debug("Skipping module {module}: {reason}.", { ...action });
      continue;
    }

    const result = await runModule(session, stage, module);
    if (result.failure !== undefined) {
      action.failure = result.failure;
      failures.push(`config-${module.name}: ${result.failure}`);
    }
    if (result.reboot !== undefined) {
      outcome.reboot = { module: module.name, request: result.reboot };
      return;
    }
  }
}

async function reportStageFinish(
  session: RunSession,
  eventName: string,
  failures: string[],
  rebootRequested: boolean,
): Promise<void> {
  const success = failures.length === 0;
  await session.reporter.reportEvent({
    type: "finish",
    name: eventName,
    result: success ? "SUCCESS" : "FAIL",
    message: success ? (rebootRequested ? "RebootRequested" : "Completed") : failures.join("; "),
  });
}

/**
 * Ends the run: records a pending reboot (and reboots unless host-isolated),
 * or the final status, in state.json and the KVP pool.
 */
export async function finishRun(
  session: RunSession,
  stages: readonly Stage[],
  outcome: StagesOutcome,
): Promise<ProvisioningReport> {
  const state = session.state;
  const report = (exitCode: ExitCode): ProvisioningReport => ({
    exitCode,
    status: state.status,
    actions: outcome.actions,
    rebootPending: state.rebootPending,
    errors: [...state.errors],
  });

  if (outcome.reboot !== undefined) {
    return await finishWithReboot(session, outcome.reboot, report);
  }

  state.finishedAt = session.now().toISOString();
  if (state.errors.length > 0) {
    state.status = "failed";
  } else if (stages.includes("final")) {
    state.status = "completed";
    await writeFileAtomic(session.paths.bootFinishedFile, `${state.finishedAt}\n`, { mode: 0o644 });
  }
  await saveState(session);

  if (state.status !== "running") await session.reporter.reportState(state.status);
  session.log.info("Provisioning ended with status {status}.", { status: state.status });
  return report(state.status === "failed" ? ExitCode.Failure : ExitCode.Ok);
}

async function finishWithReboot(
  session: RunSession,
  reboot: NonNullable<StagesOutcome["reboot"]>,
  report: (exitCode: ExitCode) => ProvisioningReport,
): Promise<ProvisioningReport> {
  const state = session.state;
  state.status = "reboot_pending";
  state.rebootPending = {
    module: reboot.module,
    reason: reboot.request.reason,
    bootId: state.bootId,
    requestedAt: session.now().toISOString(),
  };
  await saveState(session);
  await session.reporter.reportState("reboot_pending");

  if (session.hostIsolated) {
    session.log.info("Reboot requested by {module} is recorded, not performed (host-isolated).", {
      module: reboot.module,
      reason: reboot.request.reason,
    });
    return report(ExitCode.Ok);
  }

  session.log.info("Rebooting for {module}: {reason}", {
    module: reboot.module,
    reason: reboot.request.reason,
  });
  await session.platform.power.reboot(reboot.request.reason);
  return report(ExitCode.Ok);
}
