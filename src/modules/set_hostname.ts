/** The `set_hostname` module: the host name from the config or meta-data, once per instance. */

import type { ProvisioningModule } from "../provisioning/module.ts";
import { applyHostName } from "./_apply_host_name.ts";
import type { ModuleOptions } from "./_options.ts";

/**
 * Creates `set_hostname`: sets the host name and FQDN from `fqdn`,
 * `hostname` or the datasource's `local-hostname`, unless
 * `preserve_hostname` is true.
 */
export function createSetHostnameModule(options: ModuleOptions = {}): ProvisioningModule {
  return {
    name: "set_hostname",
    stage: "network",
    frequency: "per-instance",
    activatedBy: [],
    reads: ["hostname", "fqdn", "prefer_fqdn_over_hostname", "preserve_hostname"],
    handle: (context) => applyHostName(context, options, false),
  };
}
