/** Running a command whose failure ends the operation. */

import { OperationError } from "../../errors.ts";
import type { Processes, ProcessResult, RunOptions } from "../types.ts";

/**
 * Runs `argv` and returns its result; a non-zero exit throws OperationError
 * `Cannot ACTION: PROGRAM exited with code N: STDERR. FIX`. Callers pass
 * secrets on stdin only, so the message can quote the argv and stderr.
 */
export async function runChecked(
  processes: Processes,
  argv: string[],
  action: string,
  fix: string,
  options: RunOptions = {},
): Promise<ProcessResult> {
  const result = await processes.run({ kind: "argv", argv }, options);
  if (result.code === 0) return result;
  const stderr = result.stderr.trim();
  throw new OperationError(
    `Cannot ${action}: "${argv.join(" ")}" exited with code ${result.code}` +
      `${stderr === "" ? "" : `: ${stderr}`}. ${fix}`,
  );
}
