/**
 * KVP keys egs-tool reads and writes, taken from the modules that define
 * them on the guest side so both ends always agree.
 */

import { GUEST_KEYS } from "../service/daemon/kvp_advertising.ts";
import { PROVISIONING_STATE_KEY } from "../reporting/provisioning_reporter.ts";
import { CLIENT_KEY_SLOT } from "../ssh/authorized_key_sources.ts";
import { KVP_SHELL_ARGS_KEY, KVP_SHELL_KEY } from "../ssh/resolve_shell.ts";

/** Guest pool keys the guest daemon publishes. */
export const GUEST_POOL_KEYS = { ...GUEST_KEYS, provisioningState: PROVISIONING_STATE_KEY };

/** External pool keys the host writes. */
export const EXTERNAL_POOL_KEYS = {
  /** Legacy client key slot, shared by every host tool. */
  clientKey: CLIENT_KEY_SLOT,
  shell: KVP_SHELL_KEY,
  shellArgs: KVP_SHELL_ARGS_KEY,
} as const;

/** Returns this host's named client key slot: `…:client-public-key:<lower-case machine name>`. */
export function hostClientKeySlot(machineName: string): string {
  return `${CLIENT_KEY_SLOT}:${machineName.toLowerCase()}`;
}

/** Feature the guest lists when it honours the KVP shell override. */
export const SHELL_OVERRIDE_FEATURE = "shell-override";
