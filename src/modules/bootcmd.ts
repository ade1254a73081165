/** The `bootcmd` module: early commands on every boot. */

import type { ProvisioningModule } from "../provisioning/module.ts";
import { entryOutcome } from "../provisioning/entry_outcome.ts";
import { buildCommandEntries } from "./_command_entries.ts";

/**
 * Runs `bootcmd` on every run of the network stage, with `INSTANCE_ID` in each
 * entry's environment, through the entry runner (reboot-and-continue applies).
 */
export const bootcmdModule: ProvisioningModule = {
  name: "bootcmd",
  stage: "network",
  frequency: "always",
  activatedBy: ["bootcmd"],
  async handle(context) {
    const env = { INSTANCE_ID: context.instance.instanceId };
    const entries = buildCommandEntries("bootcmd", context.rawConfig.bootcmd, env);
    context.log.info("Running {count} bootcmd entries.", { count: entries.length });
    return entryOutcome(await context.entries.run(entries));
  },
};
