/**
 * The Hyper-V KVP (key-value pair) pools as the guest sees them. The host
 * writes the external pool; the guest publishes through the guest pool. On
 * Linux each pool is a file of fixed-size records maintained together with
 * hv_kvp_daemon; on Windows each is a registry key.
 */

/** Pool numbers as hv_kvp_daemon numbers its files (`/var/lib/hyperv/.kvp_pool_N`). */
export enum KvpPoolId {
  /** Host to guest: written by the host, read by EGS (keys, user-data, shell override). */
  External = 0,
  /** Guest to host: written by EGS (status, host keys, provisioning state and events). */
  Guest = 1,
  /** Written by the guest's integration services (intrinsic values such as the OS name). */
  Auto = 2,
  AutoExternal = 3,
  AutoInternal = 4,
}

/** Maximum key size in UTF-8 bytes, without the terminating NUL. */
export const KVP_MAX_KEY_BYTES = 511;
/** Maximum value size in UTF-8 bytes, without the terminating NUL. */
export const KVP_MAX_VALUE_BYTES = 2047;

/** One pool: read it whole, or change keys in one locked read-modify-write. */
export interface KvpPool {
  /** Reads every key and value; a missing pool reads as empty. */
  readAll(): Promise<Map<string, string>>;
  /** Reads one value; undefined when the key is absent. */
  get(key: string): Promise<string | undefined>;
  /**
   * Sets each key to its value, or deletes it when the value is null, in one
   * locked read-modify-write. Throws a RangeError naming the key when a key or
   * value exceeds the pool's limits.
   */
  update(changes: Record<string, string | null>): Promise<void>;
}

/** Access to the pools of one guest. */
export interface KvpStore {
  pool(id: KvpPoolId): KvpPool;
}
