/**
 * Reports cloud-init's progress as `eryph.provisioning.state` when cloud-init,
 * not EGS, provisions the target: runs `cloud-init status --format json`
 * every few seconds and writes the mapped state whenever it changes.
 */

import { KvpPoolId, type KvpStore } from "../../kvp/pool.ts";
import { getLogger } from "../../log/logging.ts";
import type { ProcessResult } from "../../platform/types.ts";
import {
  PROVISIONING_STATE_KEY,
  type ReportedState,
} from "../../reporting/provisioning_reporter.ts";

/** Runs one argv list in the target; the platform's `Processes.run` fits. */
export type StatusCommandRunner = (argv: string[]) => Promise<ProcessResult>;

/** Options of {@linkcode bridgeCloudInitStatus}. */
export interface CloudInitBridgeOptions {
  runCommand: StatusCommandRunner;
  kvp: KvpStore;
  /** Seconds between polls; 5 by default. */
  intervalSeconds?: number;
  /** Stops after this many polls without a terminal state; unlimited when unset. */
  maxPolls?: number;
  sleep?: (milliseconds: number) => Promise<void>;
}

/** Outcome of the bridge: the last state written and the reason it stopped. */
export interface BridgeResult {
  state?: ReportedState;
  stoppedBecause: "terminal" | "missing" | "poll-limit";
}

/**
 * Maps the `status` field of `cloud-init status --format json` to the value
 * of `eryph.provisioning.state`. Done and disabled become `completed`, error
 * becomes `failed` and running stays `running`. Other statuses map to undefined.
 */
export function mapCloudInitStatus(status: string): ReportedState | undefined {
  switch (status) {
    case "done":
    case "disabled":
      return "completed";
    case "error":
      return "failed";
    case "running":
      return "running";
    default:
      return undefined;
  }
}

/**
 * Polls cloud-init and writes each new state to the guest pool. Stops after
 * writing a terminal state, when cloud-init cannot be started, or after
 * `maxPolls`. Other failures (output that is not JSON, a failed KVP write) are
 * logged and the next poll tries again.
 */
export async function bridgeCloudInitStatus(
  options: CloudInitBridgeOptions,
): Promise<BridgeResult> {
  const log = getLogger("provisioning", "cloud-init-bridge");
  const sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  const interval = (options.intervalSeconds ?? 5) * 1000;
  let written: ReportedState | undefined;

  for (let poll = 1;; poll++) {
    let result: ProcessResult;
    try {
      result = await options.runCommand(["cloud-init", "status", "--format", "json"]);
    } catch (error) {
      log.warning("Cannot run cloud-init status; the bridge stops: {error}", { error });
      return { state: written, stoppedBecause: "missing" };
    }
    if (result.code === 127) {
      log.warning("cloud-init is not installed in the target; the bridge stops.", {});
      return { state: written, stoppedBecause: "missing" };
    }

    const state = mapCloudInitStatus(parseStatus(result.stdout) ?? "");
    if (state !== undefined && state !== written) {
      try {
        await options.kvp.pool(KvpPoolId.Guest).update({ [PROVISIONING_STATE_KEY]: state });
        written = state;
        log.info("cloud-init reports {state}.", { state });
      } catch (error) {
        log.warning("Cannot write {key} to the guest KVP pool: {error}", {
          key: PROVISIONING_STATE_KEY,
          error,
        });
      }
    }
    if (written === "completed" || written === "failed") {
      return { state: written, stoppedBecause: "terminal" };
    }
    if (options.maxPolls !== undefined && poll >= options.maxPolls) {
      return { state: written, stoppedBecause: "poll-limit" };
    }
    await sleep(interval);
  }
}

function parseStatus(stdout: string): string | undefined {
  try {
    const value = JSON.parse(stdout) as { status?: unknown };
    return typeof value.status === "string" ? value.status : undefined;
  } catch {
    return undefined;
  }
}
