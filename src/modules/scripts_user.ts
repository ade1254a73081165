/** The `scripts_user` module: user-data shell scripts, once per instance. */

import type { ProvisioningModule } from "../provisioning/module.ts";
import type { ModuleOptions } from "./_options.ts";
import { createScriptsModule } from "./_scripts_module.ts";

/**
 * Creates `scripts_user`: runs the user-data parts of type
 * `text/x-shellscript` (and other plain script parts), staged in the
 * instance's `scripts/` folder.
 */
export function createScriptsUserModule(options: ModuleOptions = {}): ProvisioningModule {
  return createScriptsModule({
    name: "scripts_user",
    frequency: "per-instance",
    select: (script) => script.source === "user" && isPlainScript(script.contentType),
    folder: ["instances", "{instance}", "scripts"],
  }, options);
}

/** True for script parts without a frequency suffix; those run from `scripts_user` or `scripts_vendor`. */
export function isPlainScript(contentType: string): boolean {
  return !/-per-(boot|instance|once)$/.test(contentType);
}
