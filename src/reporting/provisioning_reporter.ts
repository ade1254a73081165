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
  reportState(state: ReportedState): Promise<void>;
  reportEvent(event: CloudInitEvent): Promise<void>;
}

/** Options of {@linkcode KvpProvisioningReporter}. */
export interface KvpReporterOptions {
  /** Boot time in epoch seconds; 0 when unknown, which also turns the stale-event sweep off. */
  incarnation: number;
}

/** Reports into the guest pool of a {@linkcode KvpStore}. */
export class KvpProvisioningReporter implements ProvisioningReporter {
  readonly #kvp: KvpStore;
  readonly #incarnation: number;
  #swept = false;

  constructor(kvp: KvpStore, options: KvpReporterOptions) {
    this.#kvp = kvp;
    this.#incarnation = options.incarnation;
  }

  async announce(): Promise<void> {
    await this.#write({ [HANDLER_READY_KEY]: "1", [CLOUD_INIT_PROBE_KEY]: "1" });
  }

  async reportState(state: ReportedState): Promise<void> {
    await this.#write({ [PROVISIONING_STATE_KEY]: state });
  }

  /** Writes one event; the first event of a run also deletes events of other boots. */
  async reportEvent(event: CloudInitEvent): Promise<void> {
    const changes: Record<string, string | null> = {};
    if (!this.#swept) {
      this.#swept = true;
      for (const key of await this.#staleKeys()) changes[key] = null;
    }
    const items = encodeCloudInitEvent(event, { incarnation: this.#incarnation });
    for (const [key, value] of items) changes[key] = value;
    await this.#write(changes);
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
}
