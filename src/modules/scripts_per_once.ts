/** The `scripts_per_once` module: `text/x-shellscript-per-once` parts, once per machine. */

import type { ProvisioningModule } from "../provisioning/module.ts";
import type { ModuleOptions } from "./_options.ts";
import { createScriptsModule } from "./_scripts_module.ts";

/** Creates `scripts_per_once`: runs the scripts whose frequency is `once`, from `scripts/per-once/`. */
export function createScriptsPerOnceModule(options: ModuleOptions = {}): ProvisioningModule {
  return createScriptsModule({
    name: "scripts_per_once",
    frequency: "per-once",
    select: (script) => script.frequency === "once",
    folder: ["scripts", "per-once"],
  }, options);
}
