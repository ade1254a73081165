/** The decision whether a module runs in this run, shared by real runs and dry runs. */

import type { Stage } from "../settings/settings.ts";
import type { Frequency, ProvisioningModule } from "./module.ts";
import type { StagePlan } from "./module_registry.ts";
import type { Semaphores } from "./semaphores.ts";

/** One module's decision, as a dry run lists it. */
export interface PlannedAction {
  stage: Stage;
  module: string;
  frequency: Frequency;
  action: "run" | "skip";
  /** Why, in words: `not activated: none of runcmd is set`, `already ran for this instance`. */
  reason: string;
  /** Set when the module ran, or in a dry run would run, and failed: the reason. */
  failure?: string;
}

const RAN_REASONS: Record<Frequency, string> = {
  "always": "",
  "per-boot": "already ran in this boot",
  "per-instance": "already ran for this instance",
  "per-once": "already ran once on this machine",
};

/** Decides whether `module` runs, from its activating keys and its semaphore; reads only. */
export async function planModule(
  stage: Stage,
  module: ProvisioningModule,
  rawConfig: Record<string, unknown>,
  semaphores: Semaphores,
): Promise<PlannedAction> {
  const base = { stage, module: module.name, frequency: module.frequency };

  const activated = module.activatedBy.length === 0 ||
    module.activatedBy.some((key) => isActivating(module, rawConfig[key]));
  if (!activated) {
    const keys = module.activatedBy.join(", ");
    return { ...base, action: "skip", reason: `not activated: none of ${keys} is set` };
  }

  if (await semaphores.hasRun(module.name, module.frequency)) {
    return { ...base, action: "skip", reason: RAN_REASONS[module.frequency] };
  }

  const reason = module.frequency === "always"
    ? "runs on every run"
    : `first ${module.frequency} run`;
  return { ...base, action: "run", reason };
}

function isActivating(module: ProvisioningModule, value: unknown): boolean {
  if (value === undefined) return false;
  return value !== null || module.activatedByNull === true;
}

/** Decides for every module of `stages` whether it runs, in run order; reads only. */
export async function planStages(
  stages: readonly Stage[],
  plan: StagePlan,
  rawConfig: Record<string, unknown>,
  semaphores: Semaphores,
): Promise<PlannedAction[]> {
  const actions: PlannedAction[] = [];
  for (const stage of stages) {
    for (const module of plan[stage]) {
      actions.push(await planModule(stage, module, rawConfig, semaphores));
    }
  }
  return actions;
}
