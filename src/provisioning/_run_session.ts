/** Shared values of one provisioning run, passed to the per-module steps. */

import type { TypedCloudConfig } from "../cloudconfig/schema/typed_cloud_config.ts";
import type { Logger } from "../log/logging.ts";
import type { Platform } from "../platform/types.ts";
import type { ProvisioningReporter } from "../reporting/provisioning_reporter.ts";
import type { Settings } from "../settings/settings.ts";
import type { Boothook, Script } from "../userdata/types.ts";
import type { InstanceData } from "./module.ts";
import { type ProvisioningState, writeProvisioningState } from "./provisioning_state.ts";
import type { Semaphores } from "./semaphores.ts";
import type { StatePaths } from "./state_paths.ts";

/** The provisioning input: what the datasource and the user-data pipeline produced. */
export interface ProvisioningInput {
  instance: InstanceData;
  config: TypedCloudConfig;
  rawConfig: Record<string, unknown>;
  scripts?: readonly Script[];
  boothooks?: readonly Boothook[];
  /**
   * Top-level keys that validation rejected, each with its error text. They
   * are left out of `config`; a module activated by one of them fails with
   * that text instead of running, and the other modules still run.
   */
  rejectedKeys?: ReadonlyMap<string, string>;
}

/** Values every step of a run reads; `state` is updated as modules finish. */
export interface RunSession {
  input: ProvisioningInput;
  settings: Settings;
  platform: Platform;
  paths: StatePaths;
  semaphores: Semaphores;
  reporter: ProvisioningReporter;
  state: ProvisioningState;
  hostIsolated: boolean;
  log: Logger;
  now: () => Date;
  /** Warnings of the runs this one resumes, kept ahead of its own in `state.json`. */
  earlierWarnings: readonly string[];
  /** The warnings this process has logged so far. */
  warnings: () => readonly string[];
}

/** Writes `state.json` with the warnings logged up to now. */
export async function saveState(session: RunSession): Promise<void> {
  session.state.warnings = [...session.earlierWarnings, ...session.warnings()];
  await writeProvisioningState(session.paths.stateFile, session.state);
}
