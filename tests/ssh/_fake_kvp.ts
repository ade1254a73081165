/** An in-memory KVP store for unit tests; `failReads` makes every read throw. */

import { type KvpPool, KvpPoolId, type KvpStore } from "../../src/kvp/pool.ts";

/** A pool backed by a Map. */
export class FakeKvpPool implements KvpPool {
  readonly entries = new Map<string, string>();
  failReads = false;

  readAll(): Promise<Map<string, string>> {
    if (this.failReads) return Promise.reject(new Error("simulated KVP read failure"));
    return Promise.resolve(new Map(this.entries));
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.readAll()).get(key);
  }

  update(changes: Record<string, string | null>): Promise<void> {
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) this.entries.delete(key);
      else this.entries.set(key, value);
    }
    return Promise.resolve();
  }
}

/** A store whose pools are {@linkcode FakeKvpPool}s, created on first use. */
export class FakeKvpStore implements KvpStore {
  readonly pools = new Map<KvpPoolId, FakeKvpPool>();

  pool(id: KvpPoolId): FakeKvpPool {
    let pool = this.pools.get(id);
    if (pool === undefined) {
      pool = new FakeKvpPool();
      this.pools.set(id, pool);
    }
    return pool;
  }

  /** The external pool, which the host writes. */
  get external(): FakeKvpPool {
    return this.pool(KvpPoolId.External);
  }
}
