/**
 * Picks the KVP store a run reports to. Under `--root` or with `--kvp-dir`
 * the run is the only writer, so the guest pool file is created when
 * missing, as hv_kvp_daemon would create it on a booted guest. On a running
 * machine without the pool directory (no Hyper-V), the run reports nothing
 * over KVP instead of failing every write.
 */

import { poolFilePath } from "../../kvp/file_pool.ts";
import { openKvpStore } from "../../kvp/open_store.ts";
import { KvpPoolId, type KvpStore } from "../../kvp/pool.ts";
import { getLogger } from "../../log/logging.ts";
import type { AgentPaths } from "./agent_paths.ts";

/**
 * Returns the store for `paths`, or undefined when the running machine has
 * no pool directory. `explicitDir` is true when `--kvp-dir` was given.
 */
export async function openReportStore(
  paths: AgentPaths,
  explicitDir: boolean,
): Promise<KvpStore | undefined> {
  if (paths.kvpDir === undefined) return openKvpStore();
  const guestPool = poolFilePath(paths.kvpDir, KvpPoolId.Guest);

  if (paths.hostIsolated || explicitDir) {
    await Deno.mkdir(paths.kvpDir, { recursive: true, mode: 0o755 });
    // hv_kvp_daemon creates its pool files world-readable; the values are not secret.
    const file = await Deno.open(guestPool, { create: true, write: true, mode: 0o644 });
    file.close();
    return openKvpStore({ dir: paths.kvpDir });
  }

  try {
    await Deno.stat(paths.kvpDir);
  } catch {
    getLogger("provisioning", "run").info(
      "No KVP pool directory {dir} (not a Hyper-V guest); progress is not reported over KVP.",
      { dir: paths.kvpDir },
    );
    return undefined;
  }
  return openKvpStore({ dir: paths.kvpDir });
}
