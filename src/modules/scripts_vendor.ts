/** The `scripts_vendor` module: vendor-data shell scripts, once per instance. */

import type { ProvisioningModule } from "../provisioning/module.ts";
import type { ModuleOptions } from "./_options.ts";
import { createScriptsModule } from "./_scripts_module.ts";
import { isPlainScript } from "./scripts_user.ts";

/** Creates `scripts_vendor`: runs vendor-data script parts, staged in the instance's `scripts/vendor/`. */
export function createScriptsVendorModule(options: ModuleOptions = {}): ProvisioningModule {
  return createScriptsModule({
    name: "scripts_vendor",
    frequency: "per-instance",
    select: (script) => script.source === "vendor" && isPlainScript(script.contentType),
    folder: ["instances", "{instance}", "scripts", "vendor"],
  }, options);
}
