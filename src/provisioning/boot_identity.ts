/**
 * Instance and boot change detection. The runner compares the current
 * instance id and boot id with the ones it recorded last time. A new instance
 * id reruns per-instance modules, because their semaphores live under the
 * instance's directory. A new boot id reruns per-boot modules and resolves a
 * pending reboot.
 */

import type { StatePaths } from "./state_paths.ts";
import { writeFileAtomic } from "./write_file_atomic.ts";

/** Current ids, the recorded ones, and which of them changed. */
export interface BootIdentity {
  instanceId: string;
  bootId: string;
  /** Instance id recorded last time; undefined on the first run. */
  previousInstanceId?: string;
  /** Boot id recorded last time; undefined on the first run. */
  previousBootId?: string;
  newInstance: boolean;
  newBoot: boolean;
}

/** Compares the ids with the ones recorded under the state directory; writes nothing. */
export async function detectBootIdentity(
  paths: StatePaths,
  instanceId: string,
  bootId: string,
): Promise<BootIdentity> {
  const previousInstanceId = await readTrimmed(paths.instanceIdFile);
  const previousBootId = await readTrimmed(paths.bootIdFile);
  return {
    instanceId,
    bootId,
    previousInstanceId,
    previousBootId,
    newInstance: previousInstanceId !== instanceId,
    newBoot: previousBootId !== bootId,
  };
}

/** Records the current ids; on a new instance the old id moves to `previous-instance-id`. */
export async function recordBootIdentity(
  paths: StatePaths,
  identity: BootIdentity,
): Promise<void> {
  if (identity.newInstance && identity.previousInstanceId !== undefined) {
    await writeFileAtomic(paths.previousInstanceIdFile, `${identity.previousInstanceId}\n`, {
      mode: 0o644,
    });
  }
  await writeFileAtomic(paths.instanceIdFile, `${identity.instanceId}\n`, { mode: 0o644 });
  await writeFileAtomic(paths.bootIdFile, `${identity.bootId}\n`, { mode: 0o644 });
}

async function readTrimmed(path: string): Promise<string | undefined> {
  try {
    return (await Deno.readTextFile(path)).trim();
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}
