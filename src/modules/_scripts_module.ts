/** The shared shape of the `scripts_*` modules: pick scripts, stage them, run them. */

import type { Frequency, ProvisioningModule } from "../provisioning/module.ts";
import { entryOutcome } from "../provisioning/entry_outcome.ts";
import { instanceDirName } from "../provisioning/state_paths.ts";
import type { Script } from "../userdata/types.ts";
import { DEFAULT_TARGET_STATE_DIR, joinTargetPath, type ModuleOptions } from "./_options.ts";
import { stageScripts } from "./_stage_scripts.ts";

/** Definition of one `scripts_*` module: its scripts and the folder it stages them in. */
export interface ScriptsModuleSpec {
  name: string;
  frequency: Frequency;
  /** Picks this module's scripts from the payload. */
  select(script: Script): boolean;
  /** Folder below the state directory; `{instance}` stands for the instance's folder. */
  folder: string[];
}

/**
 * Creates a final-stage module that stages the selected scripts and runs them
 * in payload order through the entry runner. A script that exits non-zero is
 * logged and the next one runs, as cloud-init does; the module then reports
 * which scripts failed.
 */
export function createScriptsModule(
  spec: ScriptsModuleSpec,
  options: ModuleOptions,
): ProvisioningModule {
  return {
    name: spec.name,
    stage: "final",
    frequency: spec.frequency,
    activatedBy: [],
    async handle(context) {
      const scripts = context.scripts.filter(spec.select);
      if (scripts.length === 0) return { status: "unchanged", message: "no scripts" };

      const stateDir = options.stateDir ?? DEFAULT_TARGET_STATE_DIR;
      const instance = instanceDirName(context.instance.instanceId);
      const segments = spec.folder.map((part) => part === "{instance}" ? instance : part);
      const folder = joinTargetPath(stateDir, ...segments);

      const entries = await stageScripts(context, folder, scripts);
      context.log.info("Running {count} scripts from {folder}.", {
        count: entries.length,
        folder,
      });
      return entryOutcome(await context.entries.run(entries));
    },
  };
}
