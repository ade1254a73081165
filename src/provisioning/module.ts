/**
 * The contract every provisioning module implements: data (name, stage,
 * frequency, the config keys that activate it) plus one handler. The stage
 * runner owns ordering, semaphores, state and reboots; a handler only reads
 * its context and calls the platform.
 */

import type { TypedCloudConfig } from "../cloudconfig/schema/typed_cloud_config.ts";
import type { Logger } from "../log/logging.ts";
import type { Platform } from "../platform/types.ts";
import type { Stage } from "../settings/settings.ts";
import type { Settings } from "../settings/settings.ts";
import type { Boothook, Script } from "../userdata/types.ts";
import type { EntryRunner } from "./entry_runner.ts";

/**
 * How often a module runs, as cloud-init names it: `always` on every run of
 * its stage, `per-boot` once per boot id, `per-instance` once per instance id,
 * `per-once` once for the life of the machine.
 */
export type Frequency = "always" | "per-boot" | "per-instance" | "per-once";

/** Facts about the instance being provisioned. */
export interface InstanceData {
  /** Instance id from the datasource; a change means a new instance. */
  instanceId: string;
  /** Datasource name, such as `NoCloud`. */
  datasource?: string;
  /** Meta-data as the datasource returned it. */
  metadata: Record<string, unknown>;
}

/**
 * Reboot request of a module. `continue` resumes with the next module after
 * the reboot. `rerun` runs the same module again, so a module that tracks
 * entries picks up where it stopped.
 */
export interface RebootRequest {
  reason: string;
  after: "continue" | "rerun";
  /**
   * Set when a command entry requested the reboot. Such reboots count against
   * the entry's cap (`reboot.maxPerScript`), not against `reboot.maxPerModule`.
   */
  entry?: { index: number; count: number; limit: number };
}

/** Result of one handler call. Failures are thrown, not returned. */
export type ModuleOutcome =
  | { status: "applied"; message?: string }
  | { status: "unchanged"; message?: string }
  | { status: "reboot"; reboot: RebootRequest };

/** Everything a handler may use. */
export interface ModuleContext {
  /** Normalised cloud-config. */
  config: TypedCloudConfig;
  /** Merged cloud-config before normalisation, for keys the typed form does not carry. */
  rawConfig: Record<string, unknown>;
  /** User scripts and boothooks from the payload. */
  scripts: readonly Script[];
  boothooks: readonly Boothook[];
  instance: InstanceData;
  platform: Platform;
  settings: Settings;
  log: Logger;
  /** True under `--root`: a reboot is recorded, never performed. */
  hostIsolated: boolean;
  /** Runs command entries with reboot-and-continue bookkeeping kept for this module. */
  entries: EntryRunner;
  /** Builds the outcome that requests a reboot; the runner applies `reboot.maxPerModule`. */
  requestReboot(reason: string, after?: RebootRequest["after"]): ModuleOutcome;
}

/** One provisioning module. */
export interface ProvisioningModule {
  /** cloud-init's module name, such as `runcmd` or `users_groups`. */
  name: string;
  stage: Stage;
  frequency: Frequency;
  /** Top-level config keys that make the module run; empty runs it always. */
  activatedBy: readonly string[];
  /**
   * Whether an activating key set to null activates the module. Most modules
   * treat null as unset; cloud-init's `ntp` reads `ntp: null` as "use the
   * defaults".
   */
  activatedByNull?: boolean;
  /**
   * Further top-level keys the module reads. A module that always runs lists
   * its keys here, so an invalid value fails it as it fails a module that the
   * key activates.
   */
  reads?: readonly string[];
  /** Applies the module. Throw to fail it; the runner reports and continues. */
  handle(context: ModuleContext): Promise<ModuleOutcome>;
}
