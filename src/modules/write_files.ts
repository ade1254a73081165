/** The `write_files` module: files from the config, before users exist. */

import type { ProvisioningModule } from "../provisioning/module.ts";
import { fetchSource } from "./_fetch_source.ts";
import type { ModuleOptions } from "./_options.ts";
import { writeFileEntries } from "./_write_file_entries.ts";

/**
 * Creates `write_files`: writes every entry without `defer: true`, decoding
 * `encoding` (text, base64, gzip, gzip+base64 and their aliases), with
 * `permissions` (0644 when absent or undecodable, with a warning naming the
 * value), `owner` (default `root:root`) and `append`. An entry without
 * `content` becomes an empty file.
 */
export function createWriteFilesModule(options: ModuleOptions = {}): ProvisioningModule {
  return {
    name: "write_files",
    stage: "network",
    frequency: "per-instance",
    activatedBy: ["write_files"],
    handle: (context) =>
      writeFileEntries(
        context,
        context.config.writeFiles.filter((entry) => !entry.defer),
        options.fetchSource ?? fetchSource,
      ),
  };
}
