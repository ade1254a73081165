/** The `update_etc_hosts` module: the hosts-file entries for the host name. */

import type { ProvisioningModule } from "../provisioning/module.ts";
import { pickHostNames } from "./_host_names.ts";

/**
 * Writes the host name and FQDN into the hosts file on every boot when
 * `manage_etc_hosts` is `true`, `template` or `localhost`. The platform keeps
 * the other lines of the file. cloud-init renders a whole file from a
 * template for `true`; EGS edits only the host's own lines in every mode.
 */
export const updateEtcHostsModule: ProvisioningModule = {
  name: "update_etc_hosts",
  stage: "network",
  frequency: "always",
  activatedBy: ["manage_etc_hosts"],
  async handle(context) {
    const mode = context.config.manageEtcHosts;
    if (mode === false) return { status: "unchanged", message: "manage_etc_hosts is false" };

    const names = pickHostNames(context.config, context.instance);
    if (names === undefined) {
      context.log.warning(
        "manage_etc_hosts is {mode}, but neither the config nor the meta-data names the host; " +
          "the hosts file is left unchanged.",
        { mode: String(mode) },
      );
      return { status: "unchanged", message: "no host name given" };
    }

    try {
      await context.platform.hostname.updateHostsFile(names.hostname, names.fqdn);
    } catch (error) {
      throw new Error(
        `Cannot update the hosts file for "${names.hostname}": ${(error as Error).message}`,
        { cause: error },
      );
    }
    context.log.info("Updated the hosts file for {hostname} (manage_etc_hosts: {mode}).", {
      hostname: names.hostname,
      mode: String(mode),
    });
    return { status: "applied" };
  },
};
