/**
 * Reads the inputs of shell selection for one session: the KVP override, the
 * client's SHELL and SHELL_ARGS, and the daemon's `$SHELL`.
 */

import type { KvpPool } from "../kvp/pool.ts";
import type { Logger } from "../log/logging.ts";
import { type SelectedShell, selectShell } from "./shell_selection.ts";

/** KVP key of the shell override in the external pool. */
export const KVP_SHELL_KEY = "eryph:guest-services:shell";
/** KVP key of the override's arguments. */
export const KVP_SHELL_ARGS_KEY = "eryph:guest-services:shell-args";

/** Selects the shell; an unreadable pool is logged and skipped, so the other sources decide. */
export async function resolveShell(
  externalPool: KvpPool | undefined,
  clientVariables: ReadonlyMap<string, string>,
  daemonEnv: Readonly<Record<string, string | undefined>>,
  logger: Logger,
): Promise<SelectedShell> {
  let kvpShell: string | undefined;
  let kvpShellArgs: string | undefined;
  if (externalPool !== undefined) {
    try {
      const pool = await externalPool.readAll();
      kvpShell = pool.get(KVP_SHELL_KEY);
      kvpShellArgs = pool.get(KVP_SHELL_ARGS_KEY);
    } catch (error) {
      logger.warn("Cannot read the shell override from KVP, so it is skipped: {error}", {
        error: String(error),
      });
    }
  }

  const shell = selectShell({
    kvpShell,
    kvpShellArgs,
    clientShell: clientVariables.get("SHELL"),
    clientShellArgs: clientVariables.get("SHELL_ARGS"),
    defaultShell: daemonEnv.SHELL,
  });
  logger.debug("Selected shell {path} from {source}", { path: shell.path, source: shell.source });
  return shell;
}
