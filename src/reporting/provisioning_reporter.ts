/**
 * Provisioning progress for the host: the `eryph.provisioning.state` key and
 * the `CLOUD_INIT|…` event stream in the guest KVP pool.
 * {@linkcode KvpProvisioningReporter} logs a failed KVP write instead of
 * throwing, because the pool is a report channel, not part of the work.
 */

import { KvpPoolId, type KvpStore } from "../kvp/pool.ts";
import { getLogger } from "../log/logging.ts";
import { type CloudInitEvent, encodeCloudInitEvent } from "./cloud_init_event.ts";
import { staleEventKeys } from "./cloud_init_event_reader.ts";

/** Key of the overall provisioning state in the guest pool. */
export const PROVISIONING_STATE_KEY = "eryph.provisioning.state";
/** Probe key telling the host that EGS reports provisioning. */
export const HANDLER_READY_KEY = "eryph.provisioning.handler.ready";
/** Probe key telling cloud-init-aware readers that the event stream is written. */
export const CLOUD_INIT_PROBE_KEY = "CLOUD_INIT.probe";

/** Values of {@linkcode PROVISIONING_STATE_KEY}. */
export type ReportedState = "started" | "running" | "reboot_pending" | "completed" | "failed";

/** Destination of the stage runner's state changes and events. */
export interface ProvisioningReporter {
  /** Writes the probe keys. */
  announce(): Promise<void>;
  /** Writes the state, together with every event queued before it. */
  reportState(state: ReportedState): Promise<void>;
  /** Queues one event; it is written with the next batch, at the latest by {@linkcode flush}. */
  reportEvent(event: CloudInitEvent): Promise<void>;
  /** Resolves once every queued event is written (or its failure logged). */
  flush(): Promise<void>;
}

/** Options of {@linkcode KvpProvisioningReporter}. */
export interface KvpReporterOptions {
  /** Boot time in epoch seconds; 0 when unknown, which also turns the stale-event sweep off. */
  incarnation: number;
  /** Time an event waits for others to share its pool write; default {@linkcode EVENT_BATCH_DELAY_MS}. */
  batchDelayMs?: number;
}

/**
 * Maximum time an event waits in the queue before its pool write starts.
 * Each write rewrites the whole pool file, so batching turns the two events
 * of each of twenty modules into a handful of writes.
 */
export const EVENT_BATCH_DELAY_MS = 50;

/**
 * Reports into the guest pool of a {@linkcode KvpStore}. Events are queued and
 * written in batches, as cloud-init's KVP handler writes them, and events that
 * arrive during a write go into the next one. Unlike cloud-init, an event also
 * waits up to {@linkcode EVENT_BATCH_DELAY_MS} for others. A state change or
 * {@linkcode flush} writes at once. {@linkcode reportEvent} returns without
 * waiting for the pool.
 */
export class KvpProvisioningReporter implements ProvisioningReporter {
  readonly #kvp: KvpStore;
  readonly #incarnation: number;
  #swept = false;
  readonly #batchDelayMs: number;
  #queued: Record<string, string | null> = {};
  #writing: Promise<void> | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(kvp: KvpStore, options: KvpReporterOptions) {
    this.#kvp = kvp;
    this.#incarnation = options.incarnation;
    this.#batchDelayMs = options.batchDelayMs ?? EVENT_BATCH_DELAY_MS;
  }

  async announce(): Promise<void> {
    this.#queue({ [HANDLER_READY_KEY]: "1", [CLOUD_INIT_PROBE_KEY]: "1" });
    await this.flush();
  }

  async reportState(state: ReportedState): Promise<void> {
    this.#queue({ [PROVISIONING_STATE_KEY]: state });
    await this.flush();
  }

  /** Queues one event; the first write of a run also deletes events of other boots. */
  reportEvent(event: CloudInitEvent): Promise<void> {
    this.#queue(
      Object.fromEntries(encodeCloudInitEvent(event, { incarnation: this.#incarnation })),
    );
    return Promise.resolve();
  }

  async flush(): Promise<void> {
    this.#startWriting();
    while (this.#writing !== undefined) await this.#writing;
  }

  #queue(changes: Record<string, string | null>): void {
    Object.assign(this.#queued, changes);
    if (this.#writing === undefined && this.#timer === undefined) {
      this.#timer = setTimeout(() => this.#startWriting(), this.#batchDelayMs);
    }
  }

  #startWriting(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (Object.keys(this.#queued).length > 0) this.#writing ??= this.#writeQueued();
  }

  /**
   * Writes what is queued until nothing is. It always awaits before its first
   * check ends, so `#writing` is set before the loop can clear it.
   */
  async #writeQueued(): Promise<void> {
    try {
      do {
        const changes = this.#queued;
        this.#queued = {};
        if (!this.#swept) {
          this.#swept = true;
          for (const key of await this.#staleKeys()) changes[key] ??= null;
        }
        await this.#write(changes);
      } while (Object.keys(this.#queued).length > 0);
    } finally {
      this.#writing = undefined;
    }
  }

  async #staleKeys(): Promise<string[]> {
    try {
      const items = await this.#kvp.pool(KvpPoolId.Guest).readAll();
      return staleEventKeys(items.keys(), this.#incarnation);
    } catch (error) {
      getLogger("reporting").warning(
        "Cannot read the guest KVP pool to remove old events: {error}",
        {
          error,
        },
      );
      return [];
    }
  }

  async #write(changes: Record<string, string | null>): Promise<void> {
    try {
      await this.#kvp.pool(KvpPoolId.Guest).update(changes);
    } catch (error) {
      getLogger("reporting").warning("Cannot write {keys} to the guest KVP pool: {error}", {
        keys: Object.keys(changes).join(", "),
        error,
      });
    }
  }
}

/** Reports nothing: used for dry runs and where no KVP pool exists. */
export class SilentReporter implements ProvisioningReporter {
  announce(): Promise<void> {
    return Promise.resolve();
  }

  reportState(_state: ReportedState): Promise<void> {
    return Promise.resolve();
  }

  reportEvent(_event: CloudInitEvent): Promise<void> {
    return Promise.resolve();
  }

  flush(): Promise<void> {
    return Promise.resolve();
  }
}
