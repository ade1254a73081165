/**
 * Linux KVP pools as files (`<dir>/.kvp_pool_N`), shared with hv_kvp_daemon.
 * The same code serves the guest (`/var/lib/hyperv`) and a host-side pool
 * directory (tests, hosts without Hyper-V), where egs-tool reads the guest's
 * pools 1, 2 and 0 and writes pool 0.
 */

import { join } from "../path/path.ts";
import { getLogger } from "../log/logging.ts";
import { decodePool, encodePool, KVP_RECORD_SIZE, validateEntry } from "./record.ts";
import { type KvpPool, KvpPoolId, type KvpStore } from "./pool.ts";
import { withLockedPoolFile } from "./pool_file.ts";

const log = getLogger("kvp", "file");

/** Default directory of the pool files on a Linux guest. */
export const DEFAULT_KVP_DIR = "/var/lib/hyperv";

/** Returns the file of pool `id` in `dir`, for example `/var/lib/hyperv/.kvp_pool_1`. */
export function poolFilePath(dir: string, id: KvpPoolId): string {
  return join(dir, `.kvp_pool_${id}`);
}

/**
 * One pool file. Every operation takes the whole-file fcntl lock, and updates
 * read all records, apply the changes and rewrite the file, mode 0600.
 */
export class FileKvpPool implements KvpPool {
  /** Path of the pool file. */
  readonly path: string;

  constructor(path: string) {
    this.path = path;
  }

  async readAll(): Promise<Map<string, string>> {
    return await serialize(this.path, async () => {
      const bytes = await withLockedPoolFile(this.path, "read", (file) => file.readAll());
      return bytes === undefined ? new Map() : this.#decode(bytes);
    });
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.readAll()).get(key);
  }

  async update(changes: Record<string, string | null>): Promise<void> {
    for (const [key, value] of Object.entries(changes)) validateEntry(key, value);
    await serialize(this.path, () =>
      withLockedPoolFile(this.path, "write", (file) => {
        const entries = this.#decode(file.readAll());
        for (const [key, value] of Object.entries(changes)) {
          if (value === null) entries.delete(key);
          else entries.set(key, value);
        }
        const bytes = encodePool(entries);
        file.replace(bytes);
        log.debug("Wrote {count} records to {path}.", {
          count: bytes.length / KVP_RECORD_SIZE,
          path: this.path,
        });
      }));
  }

  #decode(bytes: Uint8Array): Map<string, string> {
    const { entries, trailingBytes } = decodePool(bytes);
    if (trailingBytes > 0) {
      log.warning(
        "Ignored a partial record of {trailingBytes} bytes at the end of {path}. The next update drops it.",
        { trailingBytes, path: this.path },
      );
    }
    return entries;
  }
}

/** The pools of one directory: the guest's own, or a copy of a guest's pools on a host. */
export class FileKvpStore implements KvpStore {
  /** Directory that contains the `.kvp_pool_N` files. */
  readonly dir: string;

  constructor(dir: string = DEFAULT_KVP_DIR) {
    this.dir = dir;
  }

  pool(id: KvpPoolId): FileKvpPool {
    return new FileKvpPool(poolFilePath(this.dir, id));
  }
}

/**
 * fcntl locks do not exclude other operations of the same process, so
 * operations on one file inside this process run one after another.
 */
const queues = new Map<string, Promise<unknown>>();

async function serialize<T>(path: string, work: () => Promise<T>): Promise<T> {
  const previous = queues.get(path) ?? Promise.resolve();
  const current = previous.catch(() => {}).then(work);
  queues.set(path, current);
  try {
    return await current;
  } finally {
    if (queues.get(path) === current) queues.delete(path);
  }
}
