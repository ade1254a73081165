/**
 * A minimal KVP store over hv_kvp_daemon's pool files
 * (`<dir>/.kvp_pool_N`, records of a 512-byte key and a 2048-byte value,
 * NUL-padded UTF-8), used by the daemon until the KVP module's store is wired in.
 */

import { join } from "node:path";
import {
  KVP_MAX_KEY_BYTES,
  KVP_MAX_VALUE_BYTES,
  type KvpPool,
  type KvpPoolId,
  type KvpStore,
} from "../../kvp/pool.ts";

const KEY_SIZE = 512;
const VALUE_SIZE = 2048;
const RECORD_SIZE = KEY_SIZE + VALUE_SIZE;

// TODO: replace with the KVP module's openKvpStore(), which also takes the
// fcntl write lock that hv_kvp_daemon takes; this version does not lock.
/** Opens the pool files in `dir`. */
export function openPoolFileStore(dir: string): KvpStore {
  return { pool: (id: KvpPoolId) => new PoolFile(join(dir, `.kvp_pool_${id}`)) };
}

class PoolFile implements KvpPool {
  constructor(private readonly path: string) {}

  async readAll(): Promise<Map<string, string>> {
    let bytes: Uint8Array;
    try {
      bytes = await Deno.readFile(this.path);
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return new Map();
      throw error;
    }
    const decoder = new TextDecoder();
    const entries = new Map<string, string>();
    for (let offset = 0; offset + RECORD_SIZE <= bytes.length; offset += RECORD_SIZE) {
      const key = decoder.decode(untilNul(bytes.subarray(offset, offset + KEY_SIZE)));
      const value = decoder.decode(
        untilNul(bytes.subarray(offset + KEY_SIZE, offset + RECORD_SIZE)),
      );
      if (key !== "") entries.set(key, value);
    }
    return entries;
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.readAll()).get(key);
  }

  async update(changes: Record<string, string | null>): Promise<void> {
    const entries = await this.readAll();
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) entries.delete(key);
      else entries.set(key, value);
    }
    const encoder = new TextEncoder();
    const output = new Uint8Array(entries.size * RECORD_SIZE);
    let offset = 0;
    for (const [key, value] of entries) {
      const keyBytes = encoder.encode(key);
      const valueBytes = encoder.encode(value);
      if (keyBytes.length > KVP_MAX_KEY_BYTES || valueBytes.length > KVP_MAX_VALUE_BYTES) {
        throw new RangeError(`KVP entry "${key}" exceeds the pool's key or value size limit`);
      }
      output.set(keyBytes, offset);
      output.set(valueBytes, offset + KEY_SIZE);
      offset += RECORD_SIZE;
    }
    await Deno.writeFile(this.path, output, { mode: 0o600 });
  }
}

function untilNul(bytes: Uint8Array): Uint8Array {
  const end = bytes.indexOf(0);
  return end === -1 ? bytes : bytes.subarray(0, end);
}
