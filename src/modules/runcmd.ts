/** The `runcmd` module: the commands of `runcmd`, once per instance. */

import type { ProvisioningModule } from "../provisioning/module.ts";
import { entryOutcome } from "../provisioning/entry_outcome.ts";
import { buildCommandEntries } from "./_command_entries.ts";

/**
 * Runs `runcmd` in the config stage through the entry runner, so exit codes
 * 1001 and 1003 request a reboot and the list resumes after it. cloud-init
 * only writes a script here and runs it in the final stage; EGS runs the
 * commands here, in the same order relative to the other config modules.
 */
export const runcmdModule: ProvisioningModule = {
  name: "runcmd",
  stage: "config",
  frequency: "per-instance",
  activatedBy: ["runcmd"],
  async handle(context) {
    const entries = buildCommandEntries("runcmd", context.rawConfig.runcmd);
    context.log.info("Running {count} runcmd entries.", { count: entries.length });
    return entryOutcome(await context.entries.run(entries));
  },
};
