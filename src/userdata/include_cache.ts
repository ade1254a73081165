/**
 * The cache behind `#include-once`: a URL fetched once is read from here on
 * later runs instead of being fetched again. The provisioning agent supplies
 * a state-directory implementation; {@linkcode MemoryIncludeCache} serves
 * tests and one-shot commands such as `render`.
 */

/** Stores the body of each `#include-once` URL. */
export interface IncludeCache {
  get(url: string): Promise<Uint8Array | undefined>;
  set(url: string, body: Uint8Array): Promise<void>;
}

/** An {@linkcode IncludeCache} that lives as long as the object. */
export class MemoryIncludeCache implements IncludeCache {
  readonly #entries = new Map<string, Uint8Array>();

  /** Returns the cached body of `url`, or undefined. */
  get(url: string): Promise<Uint8Array | undefined> {
    return Promise.resolve(this.#entries.get(url));
  }

  /** Stores a copy of `body` for `url`. */
  set(url: string, body: Uint8Array): Promise<void> {
    this.#entries.set(url, body.slice());
    return Promise.resolve();
  }
}
