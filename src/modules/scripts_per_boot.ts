/** The `scripts_per_boot` module: `text/x-shellscript-per-boot` parts, on every boot. */

import type { ProvisioningModule } from "../provisioning/module.ts";
import type { ModuleOptions } from "./_options.ts";
import { createScriptsModule } from "./_scripts_module.ts";

/** Creates `scripts_per_boot`: runs the scripts whose frequency is `always`, from `scripts/per-boot/`. */
export function createScriptsPerBootModule(options: ModuleOptions = {}): ProvisioningModule {
  return createScriptsModule({
    name: "scripts_per_boot",
    frequency: "always",
    select: (script) => script.frequency === "always",
    folder: ["scripts", "per-boot"],
  }, options);
}
