/** The `update_hostname` module: keeps the host name in step with the config on every boot. */

import type { ProvisioningModule } from "../provisioning/module.ts";
import { applyHostName } from "./_apply_host_name.ts";
import type { ModuleOptions } from "./_options.ts";

/**
 * Creates `update_hostname`: on every boot, sets the host name again when the
 * name from the config or meta-data differs from the one recorded last time.
 * A name changed by hand is kept until the config changes.
 */
export function createUpdateHostnameModule(options: ModuleOptions = {}): ProvisioningModule {
  return {
    name: "update_hostname",
    stage: "network",
    frequency: "always",
    activatedBy: [],
    reads: ["hostname", "fqdn", "prefer_fqdn_over_hostname", "preserve_hostname"],
    handle: (context) => applyHostName(context, options, true),
  };
}
