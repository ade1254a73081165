/** The one place that picks the KVP store implementation for the running system. */

import { NotSupportedError } from "../errors.ts";
import { DEFAULT_KVP_DIR, FileKvpStore } from "./file_pool.ts";
import type { KvpStore } from "./pool.ts";
import { RegistryKvpStore } from "./registry_pool.ts";

/** Options of {@linkcode openKvpStore}. */
export interface KvpStoreOptions {
  /** Directory of `.kvp_pool_N` files (`--kvp-dir`); set, it selects pool files on every OS. */
  dir?: string;
  /** Operating system to pick for; defaults to the running one (tests pass their own). */
  os?: string;
}

/**
 * Returns the KVP store: pool files in `dir` when given, else the Linux pool
 * files in /var/lib/hyperv or the Windows registry. Throws NotSupportedError
 * on other systems without `dir`.
 */
export function openKvpStore(options: KvpStoreOptions = {}): KvpStore {
  if (options.dir !== undefined) return new FileKvpStore(options.dir);
  const os = options.os ?? Deno.build.os;
  if (os === "linux") return new FileKvpStore(DEFAULT_KVP_DIR);
  if (os === "windows") return new RegistryKvpStore();
  throw new NotSupportedError("Hyper-V KVP", os);
}

/**
 * Returns the pools of a guest as a host-side directory of pool files, which
 * egs-tool reads (pools 1, 2 and 0) and writes (pool 0) where it cannot use
 * Hyper-V's WMI interface: in tests and on hosts without Hyper-V.
 */
export function openPoolDirectory(dir: string): FileKvpStore {
  return new FileKvpStore(dir);
}
