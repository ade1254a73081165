/**
 * Options of the module set: the injectable parts that differ between hosts
 * and tests, such as the state directory inside the target and the fetcher of
 * `write_files[].source.uri`.
 */

import type { Settings } from "../settings/settings.ts";

/** Fetches the bytes at `uri` with extra request `headers`; throws when the request fails. */
export type SourceFetcher = (
  uri: string,
  headers: Record<string, string>,
  settings: Settings,
) => Promise<Uint8Array>;

/** Options of {@linkcode createModules}. */
export interface ModuleOptions {
  /**
   * State directory inside the target, where scripts are staged and the
   * last host name is recorded. Commands run inside the target, so this is
   * the path within `--root`, not the host path.
   */
  stateDir?: string;
  /**
   * The agent's config directory as a path inside the target, where the `egs`
   * module writes the service-control file; unset means the Linux default.
   */
  configDir?: string;
  /** Fetcher for `write_files[].source.uri`; the default uses `fetch` with the `userData` limits. */
  fetchSource?: SourceFetcher;
}

/** State directory used when {@linkcode ModuleOptions.stateDir} is unset (the Linux default). */
export const DEFAULT_TARGET_STATE_DIR = "/var/lib/eryph/provisioning";

/** Config directory used when {@linkcode ModuleOptions.configDir} is unset (the Linux default). */
export const DEFAULT_TARGET_CONFIG_DIR = "/etc/opt/eryph/guest-services";

/** Joins path segments with the separator that `base` already uses, so Windows paths keep `\`. */
export function joinTargetPath(base: string, ...segments: string[]): string {
  const separator = base.includes("\\") && !base.includes("/") ? "\\" : "/";
  const trimmed = base.endsWith(separator) ? base.slice(0, -1) : base;
  return [trimmed, ...segments].join(separator);
}
