/** The module outcome of a command list, for modules such as `runcmd`, `bootcmd` and `scripts_user`. */

import { OperationError } from "../errors.ts";
import type { EntryRunResult } from "./entry_runner.ts";
import type { ModuleOutcome } from "./module.ts";

/**
 * Turns the result of {@linkcode EntryRunner.run} into a module outcome: a
 * reboot request when an entry requested one, else `applied`. Throws
 * `OperationError` listing every entry that exceeded its reboot cap, which
 * fails the module after all entries ran. Other non-zero exits only appear
 * in the outcome's message, because the entry runner has already logged them.
 */
export function entryOutcome(result: EntryRunResult): ModuleOutcome {
  if (result.reboot !== undefined) return { status: "reboot", reboot: result.reboot };

  if (result.failures.length > 0) {
    throw new OperationError(result.failures.map((failure) => failure.message).join(" "));
  }

  const message = result.nonZeroExits.length === 0
    ? undefined
    : `entries ${
      result.nonZeroExits.map((exit) => `${exit.index} (exit ${exit.code})`).join(", ")
    } failed`;
  return { status: "applied", message };
}
