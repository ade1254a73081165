/** The link between runs across a reboot: the pending request and what carries over. */

import type { BootIdentity } from "./boot_identity.ts";
import type { PendingReboot, ProvisioningState } from "./provisioning_state.ts";

/** Returns the pending reboot when it was requested in this boot of this instance. */
export function pendingRebootOfThisBoot(
  previous: ProvisioningState | undefined,
  identity: BootIdentity,
): PendingReboot | undefined {
  if (previous?.status !== "reboot_pending" || previous.rebootPending === undefined) {
    return undefined;
  }
  if (previous.instanceId !== identity.instanceId) return undefined;
  return previous.rebootPending.bootId === identity.bootId ? previous.rebootPending : undefined;
}

/** Tells whether this run continues a reboot chain of the same instance. */
export function resumesAfterReboot(
  previous: ProvisioningState | undefined,
  identity: BootIdentity,
): previous is ProvisioningState {
  return previous?.status === "reboot_pending" && previous.instanceId === identity.instanceId;
}

/**
 * Starts the state of this run. Module reboot counts, errors and warnings
 * carry over only while a reboot chain is in progress, so a failure before a
 * reboot still fails the run and a finished run resets the counts.
 */
export function initialState(
  previous: ProvisioningState | undefined,
  identity: BootIdentity,
  startedAt: Date,
): ProvisioningState {
  const resuming = resumesAfterReboot(previous, identity);
  return {
    version: 1,
    status: "running",
    instanceId: identity.instanceId,
    bootId: identity.bootId,
    startedAt: startedAt.toISOString(),
    modules: {},
    moduleReboots: resuming ? { ...previous.moduleReboots } : {},
    errors: resuming ? [...previous.errors] : [],
    warnings: resuming ? [...previous.warnings ?? []] : [],
  };
}
