/**
 * Everything a datasource probe may touch, passed in rather than reached for:
 * the root directory, the settings, the command runner, the mounter, the HTTP
 * fetch and the KVP store. Under `--root` the defaults touch nothing outside
 * the root: no blkid, no mount.
 */

import { join } from "../path/path.ts";
import { DEFAULT_KVP_DIR } from "../kvp/file_pool.ts";
import { openKvpStore } from "../kvp/open_store.ts";
import type { KvpStore } from "../kvp/pool.ts";
import { defaultSettings, type Settings } from "../settings/settings.ts";
import { type CommandRunner, createCommandRunner } from "./command_runner.ts";
import { type DataSourceSettings, readDataSourceSettings } from "./datasource_settings.ts";
import { createMounter, type Mounter } from "./mounter.ts";

/** The inputs of every probe. */
export interface ProbeContext {
  /** Directory that every configured path is resolved under; "/" on a running guest. */
  root: string;
  settings: Settings;
  dataSourceSettings: DataSourceSettings;
  /** An explicit seed (`--seed PATH`): a directory, image file or device. Only it is examined. */
  seed?: string;
  /** `--kvp-dir DIR`, a path on this machine. When set, HyperVKvp reads its pool files there. */
  kvpDir?: string;
  /** Runs blkid; undefined where no command may run (under `--root`). */
  runCommand?: CommandRunner;
  /** Mounts VFAT seeds read-only; undefined where nothing may be mounted (under `--root`). */
  mounter?: Mounter;
  /** HTTP access for IMDS and `seedfrom`; tests pass a loopback server's URL in the settings. */
  fetch: typeof fetch;
  /** Opens the KVP store whose pool files live in `dir`. */
  openKvpStore: (dir: string) => KvpStore;
}

/** Overrides accepted by {@linkcode createProbeContext}. */
export interface ProbeContextOptions {
  /** `--root DIR`; unset means the running machine. */
  root?: string;
  settings?: Settings;
  seed?: string;
  kvpDir?: string;
  runCommand?: CommandRunner;
  mounter?: Mounter;
  fetch?: typeof fetch;
  openKvpStore?: (dir: string) => KvpStore;
}

/** Builds a probe context, choosing host-touching defaults only when no root is set. */
export function createProbeContext(options: ProbeContextOptions = {}): ProbeContext {
  const settings = options.settings ?? defaultSettings();
  const onHost = options.root === undefined || options.root === "/";
  const runCommand = options.runCommand ?? (onHost ? createCommandRunner() : undefined);
  return {
    root: options.root ?? "/",
    settings,
    dataSourceSettings: readDataSourceSettings(settings),
    seed: options.seed,
    kvpDir: options.kvpDir,
    runCommand,
    mounter: options.mounter ??
      (onHost && runCommand !== undefined ? createMounter(runCommand) : undefined),
    fetch: options.fetch ?? fetch,
    // The default pool directory on the running machine selects the system's
    // own store, which is the registry on Windows.
    openKvpStore: options.openKvpStore ??
      ((dir) => onHost && dir === DEFAULT_KVP_DIR ? openKvpStore() : openKvpStore({ dir })),
  };
}

/** Resolves a configured absolute path inside the context's root. */
export function hostPath(context: ProbeContext, path: string): string {
  return context.root === "/" ? path : join(context.root, path);
}

/** Reads a file inside the root; undefined when it does not exist. */
export async function readOptionalFile(
  context: ProbeContext,
  path: string,
): Promise<Uint8Array | undefined> {
  try {
    return await Deno.readFile(hostPath(context, path));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound || error instanceof Deno.errors.NotADirectory) {
      return undefined;
    }
    throw error;
  }
}

/** Reads a text file inside the root, trimmed; undefined when it does not exist. */
export async function readOptionalText(
  context: ProbeContext,
  path: string,
): Promise<string | undefined> {
  const bytes = await readOptionalFile(context, path);
  return bytes === undefined ? undefined : new TextDecoder().decode(bytes).trim();
}
