/** The provisioning stage runner and the module contract. */

export type {
  Frequency,
  InstanceData,
  ModuleContext,
  ModuleOutcome,
  ProvisioningModule,
  RebootRequest,
} from "./module.ts";
export {
  DEFAULT_MODULE_ORDER,
  moduleEventName,
  STAGE_EVENT_NAMES,
  STAGE_ORDER,
} from "./module_order.ts";
export { buildStagePlan, type StagePlan } from "./module_registry.ts";
export {
  type CommandEntry,
  EntryRunner,
  type EntryRunResult,
  EXIT_REBOOT_CONTINUE,
  EXIT_REBOOT_RERUN,
} from "./entry_runner.ts";
export { entryOutcome } from "./entry_outcome.ts";
export type { PlannedAction } from "./plan_module.ts";
export type { ProvisioningState, ProvisioningStatus } from "./provisioning_state.ts";
export { readProvisioningState } from "./provisioning_state.ts";
export {
  type ProvisioningInput,
  type ProvisioningOptions,
  type ProvisioningReport,
  runProvisioning,
} from "./run_provisioning.ts";
export { StatePaths } from "./state_paths.ts";
export { writeFileAtomic } from "./write_file_atomic.ts";
