/**
 * Trims the daemon's memory once it has served no connection for a while.
 * Start-up touches much of the runtime (module loading, the Node
 * compatibility layer, ssh2), and those pages stay resident although an idle
 * daemon runs none of that code. After {@linkcode IDLE_TRIM_DELAY_MS} without
 * connections the daemon gives them back (`ffi/memory_trim.ts`); the next
 * connection loads what it needs again.
 */

import { getLogger } from "../../log/logging.ts";

const logger = getLogger("service", "daemon");

/** Time without connections before the daemon trims its memory. */
export const IDLE_TRIM_DELAY_MS = 10_000;

/** Counts open connections and calls `trim` once they have been zero for `delayMs`. */
export class IdleTrimScheduler {
  #open = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;
  readonly #delayMs: number;
  readonly #trim: () => void;

  constructor(trim: () => void, delayMs = IDLE_TRIM_DELAY_MS) {
    this.#trim = trim;
    this.#delayMs = delayMs;
  }

  /** Starts the first countdown, for the memory of start-up. */
  start(): void {
    this.#schedule();
  }

  /** Records that a connection opened. */
  busy(): void {
    this.#open++;
    this.#cancel();
  }

  /** Records that a connection closed. */
  idle(): void {
    this.#open = Math.max(0, this.#open - 1);
    if (this.#open === 0) this.#schedule();
  }

  /** Stops scheduling; used on shutdown. */
  close(): void {
    this.#closed = true;
    this.#cancel();
  }

  #schedule(): void {
    this.#cancel();
    if (this.#closed) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (this.#open > 0 || this.#closed) return;
      try {
        this.#trim();
      } catch (error) {
        logger.warn("Cannot trim the idle daemon's memory: {error}", { error: String(error) });
      }
    }, this.#delayMs);
    Deno.unrefTimer(this.#timer);
  }

  #cancel(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
