/** Hyper-V KVP pools: Linux pool files, the Windows registry, and host-side pool directories. */

export {
  KVP_MAX_KEY_BYTES,
  KVP_MAX_VALUE_BYTES,
  type KvpPool,
  KvpPoolId,
  type KvpStore,
} from "./pool.ts";
export { DEFAULT_KVP_DIR, FileKvpPool, FileKvpStore, poolFilePath } from "./file_pool.ts";
export { type KvpStoreOptions, openKvpStore, openPoolDirectory } from "./open_store.ts";
export { KVP_RECORD_SIZE, validateEntry } from "./record.ts";
