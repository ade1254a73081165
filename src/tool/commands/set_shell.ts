/** `egs-tool set-shell <VM-ID>`: sets or resets the shell the guest starts for SSH sessions. */

import { OperationError, UsageError } from "../../errors.ts";
import type { HostKvp } from "../../kvp/host/host_kvp.ts";
import { EXTERNAL_POOL_KEYS, SHELL_OVERRIDE_FEATURE } from "../guest_keys.ts";
import { readGuestStatus } from "./get_status.ts";
import type { VmTarget } from "../vm_target.ts";

/** Options of `set-shell`. */
export interface SetShellOptions {
  command?: string;
  arguments?: string;
  reset?: boolean;
}

/**
 * Returns the external items to write: the trimmed shell and arguments, or
 * null (delete) for both on `--reset`. Throws a UsageError when `--reset` is
 * combined with a command, or arguments are given without a command.
 */
export function shellChanges(options: SetShellOptions): Record<string, string | null> {
  const command = options.command?.trim() || null;
  const args = options.arguments?.trim() || null;
  if (options.reset) {
    if (options.command !== undefined || options.arguments !== undefined) {
      throw new UsageError("--reset cannot be combined with --command or --arguments.");
    }
    return { [EXTERNAL_POOL_KEYS.shell]: null, [EXTERNAL_POOL_KEYS.shellArgs]: null };
  }
  if (command === null) {
    throw new UsageError(
      "set-shell needs --command <shell> (with optional --arguments), or --reset.",
    );
  }
  return { [EXTERNAL_POOL_KEYS.shell]: command, [EXTERNAL_POOL_KEYS.shellArgs]: args };
}

/** Runs `set-shell`; fails when the guest does not list the `shell-override` feature. */
export async function runSetShell(
  kvp: HostKvp,
  target: VmTarget,
  options: SetShellOptions,
): Promise<void> {
  const changes = shellChanges(options);

  if (!options.reset) {
    const status = await readGuestStatus(kvp, target);
    if (!status.features.includes(SHELL_OVERRIDE_FEATURE)) {
      throw new OperationError(
        `VM ${target.id} does not support a shell override: its guest services list the ` +
          `features "${status.features.join(" ")}" (status ${status.status}). Start or ` +
          `update eryph guest services in the VM and retry.`,
      );
    }
  }

  await kvp.updateExternal(target.id, changes);
  const shell = changes[EXTERNAL_POOL_KEYS.shell];
  console.log(
    shell === null
      ? `Reset the shell of VM ${target.id} to the guest's default.`
      : `Set the shell of VM ${target.id} to ${shell}.`,
  );
}
