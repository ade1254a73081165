/**
 * Host KVP access through a directory of `.kvp_pool_N` files (`--kvp-dir`):
 * the pools of one guest, used by tests and on hosts without Hyper-V WMI.
 */

import { openPoolDirectory } from "../open_store.ts";
import { type KvpPool, KvpPoolId, type KvpStore } from "../pool.ts";
import { type HostKvp, type KvpGroup, validateHostItem } from "./host_kvp.ts";

const GROUP_POOLS: Record<KvpGroup, KvpPoolId | undefined> = {
  guest: KvpPoolId.Guest,
  guest_intrinsic: KvpPoolId.Auto,
  external: KvpPoolId.External,
  // Host-only items never reach the guest, so no pool file contains them.
  host_only: undefined,
};

/** Reads and writes one guest's pools in a directory; the VM id is not used to find them. */
export class PoolDirectoryHostKvp implements HostKvp {
  readonly #store: KvpStore;

  /** Opens the pool files in `dir`; nothing is read until a method runs. */
  constructor(readonly dir: string, store: KvpStore = openPoolDirectory(dir)) {
    this.#store = store;
  }

  async read(_vmId: string, group: KvpGroup): Promise<Map<string, string>> {
    const pool = this.#pool(group);
    return pool === undefined ? new Map() : await pool.readAll();
  }

  async updateExternal(_vmId: string, changes: Record<string, string | null>): Promise<void> {
    for (const [key, value] of Object.entries(changes)) validateHostItem(key, value);
    await this.#store.pool(KvpPoolId.External).update(changes);
  }

  #pool(group: KvpGroup): KvpPool | undefined {
    const id = GROUP_POOLS[group];
    return id === undefined ? undefined : this.#store.pool(id);
  }
}
