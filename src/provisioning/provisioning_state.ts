/**
 * `state.json`: the record of the last provisioning run, read at the start of
 * the next one (to resume after a reboot) and by `status`. Written atomically
 * after every module.
 */

import type { Stage } from "../settings/settings.ts";
import { writeFileAtomic } from "./write_file_atomic.ts";

/** Overall status, with the values `eryph.provisioning.state` reports. */
export type ProvisioningStatus = "running" | "reboot_pending" | "completed" | "failed";

/** Result of one module in the run. */
export interface ModuleRecord {
  stage: Stage;
  result: "applied" | "unchanged" | "reboot" | "failed" | "skipped";
  message?: string;
  finishedAt: string;
}

/** A reboot that a module requested and that has not happened yet. */
export interface PendingReboot {
  module: string;
  reason: string;
  /** Boot id when the reboot was requested; a different boot id means it happened. */
  bootId: string;
  requestedAt: string;
}

/** Content of `state.json`. */
export interface ProvisioningState {
  version: 1;
  status: ProvisioningStatus;
  instanceId: string;
  bootId: string;
  /** Stage running or last run. */
  stage?: Stage;
  startedAt: string;
  finishedAt?: string;
  modules: Record<string, ModuleRecord>;
  /** Reboots each module requested for this instance, checked against `reboot.maxPerModule`. */
  moduleReboots: Record<string, number>;
  rebootPending?: PendingReboot;
  /** Failure messages, one per failed module or stage. */
  errors: string[];
  /**
   * Warnings the run logged, with those of the runs before it when it
   * resumes after a reboot. Missing in files of earlier versions.
   */
  warnings?: string[];
}

/** Reads `state.json`; undefined when it is missing or unreadable as state. */
export async function readProvisioningState(
  path: string,
): Promise<ProvisioningState | undefined> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
  try {
    const state = JSON.parse(text) as ProvisioningState;
    return state?.version === 1 ? state : undefined;
  } catch {
    return undefined;
  }
}

/** Writes `state.json` atomically, readable by root only. */
export async function writeProvisioningState(
  path: string,
  state: ProvisioningState,
): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}
