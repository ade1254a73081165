/**
 * The stages in run order, their cloud-init event names, and the default
 * module order within each stage. The order follows the default
 * `cloud_init_modules`, `cloud_config_modules` and `cloud_final_modules`
 * lists of cloud-init's `cloud.cfg`, reduced to the modules EGS implements.
 * cloud-init runs no config modules in its local stage; EGS keeps the stage
 * so datasource and network work report under `init-local`.
 */

import type { Stage } from "../settings/settings.ts";

/** Stages in the order a full run goes through them. */
export const STAGE_ORDER: readonly Stage[] = ["local", "network", "config", "final"];

/** Event name of each stage, as cloud-init reports it over KVP. */
export const STAGE_EVENT_NAMES: Readonly<Record<Stage, string>> = {
  local: "init-local",
  network: "init-network",
  config: "modules-config",
  final: "modules-final",
};

/** Default module names per stage, in run order. */
export const DEFAULT_MODULE_ORDER: Readonly<Record<Stage, readonly string[]>> = {
  local: [],
  network: [
    // Boothooks run while cloud-init reads user-data, before its first module.
    "boothooks",
    "bootcmd",
    "write_files",
    "growpart",
    "set_hostname",
    "update_hostname",
    "update_etc_hosts",
    "users_groups",
    "ssh",
    "set_passwords",
  ],
  config: [
    "keyboard",
    "locale",
    "ntp",
    "timezone",
    // eryph's own module; it sits before runcmd so user commands see the flags written.
    "egs",
    "runcmd",
  ],
  final: [
    "write_files_deferred",
    "scripts_vendor",
    "scripts_per_once",
    "scripts_per_boot",
    "scripts_per_instance",
    "scripts_user",
    "power_state_change",
  ],
};

/** Returns the event name of a module, such as `modules-config/config-runcmd`. */
export function moduleEventName(stage: Stage, moduleName: string): string {
  return `${STAGE_EVENT_NAMES[stage]}/config-${moduleName}`;
}
