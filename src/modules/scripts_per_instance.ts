/** The `scripts_per_instance` module: `text/x-shellscript-per-instance` parts. */

import type { ProvisioningModule } from "../provisioning/module.ts";
import type { ModuleOptions } from "./_options.ts";
import { createScriptsModule } from "./_scripts_module.ts";

/** Creates `scripts_per_instance`: runs `-per-instance` script parts once per instance, from `scripts/per-instance/`. */
export function createScriptsPerInstanceModule(options: ModuleOptions = {}): ProvisioningModule {
  return createScriptsModule({
    name: "scripts_per_instance",
    frequency: "per-instance",
    select: (script) => script.contentType.endsWith("-per-instance"),
    folder: ["scripts", "per-instance"],
  }, options);
}
