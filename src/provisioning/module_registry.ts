/**
 * The modules of each stage in run order, with the `stages.<stage>` settings
 * applied: `enabledModules` keeps only the named modules, `disabledModules`
 * removes modules. Both keep the default order.
 */

import { getLogger } from "../log/logging.ts";
import type { Settings, Stage } from "../settings/settings.ts";
import type { ProvisioningModule } from "./module.ts";
import { DEFAULT_MODULE_ORDER, STAGE_ORDER } from "./module_order.ts";

/** Modules to run, per stage, in order. */
export type StagePlan = Readonly<Record<Stage, readonly ProvisioningModule[]>>;

/**
 * Orders `modules` by stage and by cloud-init's default order. Modules the
 * default order does not list run after the listed ones of their stage, in
 * the order given. Throws a RangeError when two modules share a name or a
 * listed module claims another stage than the default order gives it.
 */
export function buildStagePlan(
  modules: readonly ProvisioningModule[],
  settings: Settings,
): StagePlan {
  checkModules(modules);
  const plan = {} as Record<Stage, ProvisioningModule[]>;

  for (const stage of STAGE_ORDER) {
    const order = DEFAULT_MODULE_ORDER[stage];
    const rank = (module: ProvisioningModule) => {
      const index = order.indexOf(module.name);
      return index === -1 ? order.length : index;
    };
    const ordered = modules
      .filter((module) => module.stage === stage)
      .map((module, position) => ({ module, position }))
      .sort((a, b) => rank(a.module) - rank(b.module) || a.position - b.position)
      .map(({ module }) => module);
    plan[stage] = applyStageSettings(stage, ordered, settings);
  }
  return plan;
}

function checkModules(modules: readonly ProvisioningModule[]): void {
  const seen = new Set<string>();
  for (const module of modules) {
    if (seen.has(module.name)) {
      throw new RangeError(`Module "${module.name}" is registered twice; register it once.`);
    }
    seen.add(module.name);

    const defaultStage = STAGE_ORDER.find((stage) =>
      DEFAULT_MODULE_ORDER[stage].includes(module.name)
    );
    if (defaultStage !== undefined && defaultStage !== module.stage) {
      throw new RangeError(
        `Module "${module.name}" declares stage "${module.stage}", but cloud-init runs it in ` +
          `stage "${defaultStage}"; declare stage "${defaultStage}".`,
      );
    }
  }
}

function applyStageSettings(
  stage: Stage,
  modules: ProvisioningModule[],
  settings: Settings,
): ProvisioningModule[] {
  const log = getLogger("provisioning", "registry");
  const stageSettings = settings.stages[stage];
  const enabled = stageSettings?.enabledModules;
  const disabled = stageSettings?.disabledModules ?? [];
  const known = new Set(modules.map((module) => module.name));

  for (const name of [...(enabled ?? []), ...disabled]) {
    if (!known.has(name)) {
      log.warning(
        "Setting stages.{stage} names module {module}, which stage {stage} does not have; " +
          "the name is ignored.",
        { stage, module: name },
      );
    }
  }

  return modules.filter((module) =>
    (enabled === undefined || enabled.includes(module.name)) && !disabled.includes(module.name)
  );
}
