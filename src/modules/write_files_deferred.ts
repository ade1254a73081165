/** The `write_files_deferred` module: `write_files` entries marked `defer: true`. */

import type { ProvisioningModule } from "../provisioning/module.ts";
import { fetchSource } from "./_fetch_source.ts";
import type { ModuleOptions } from "./_options.ts";
import { writeFileEntries } from "./_write_file_entries.ts";

/**
 * Creates `write_files_deferred`: writes the `defer: true` entries in the
 * final stage, after users and packages exist, so `owner` may name a user
 * that `users` creates.
 */
export function createWriteFilesDeferredModule(options: ModuleOptions = {}): ProvisioningModule {
  return {
    name: "write_files_deferred",
    stage: "final",
    frequency: "per-instance",
    activatedBy: ["write_files"],
    handle: (context) =>
      writeFileEntries(
        context,
        context.config.writeFiles.filter((entry) => entry.defer),
        options.fetchSource ?? fetchSource,
      ),
  };
}
