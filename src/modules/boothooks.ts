/** The `boothooks` module: `#cloud-boothook` parts, early, once per instance. */

import type { ProvisioningModule } from "../provisioning/module.ts";
import { entryOutcome } from "../provisioning/entry_outcome.ts";
import { instanceDirName } from "../provisioning/state_paths.ts";
import { DEFAULT_TARGET_STATE_DIR, joinTargetPath, type ModuleOptions } from "./_options.ts";
import { stageScripts } from "./_stage_scripts.ts";

/**
 * Creates `boothooks`: stages each boothook in the instance's `boothooks/`
 * folder and runs it with `INSTANCE_ID` in its environment, first in the
 * network stage, before `bootcmd` and long before the user scripts. cloud-init
 * runs boothooks while it reads user-data, on every boot; EGS runs them once
 * per instance, so a boothook that is not idempotent stays safe.
 */
export function createBoothooksModule(options: ModuleOptions = {}): ProvisioningModule {
  return {
    name: "boothooks",
    stage: "network",
    frequency: "per-instance",
    activatedBy: [],
    async handle(context) {
      if (context.boothooks.length === 0) return { status: "unchanged", message: "no boothooks" };

      const instanceId = context.instance.instanceId;
      const folder = joinTargetPath(
        options.stateDir ?? DEFAULT_TARGET_STATE_DIR,
        "instances",
        instanceDirName(instanceId),
        "boothooks",
      );
      const entries = await stageScripts(context, folder, context.boothooks, {
        INSTANCE_ID: instanceId,
      });
      context.log.info("Running {count} boothooks.", { count: entries.length });
      return entryOutcome(await context.entries.run(entries));
    },
  };
}
