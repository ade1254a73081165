/**
 * The end of every command: the process exits with the code the action left
 * in `Deno.exitCode`, or with the code of the error it threw. Kept apart from
 * commander, so a command that parses its own arguments ends the same way.
 */

import { EgsError } from "../errors.ts";
import { ExitCode } from "../exit_codes.ts";

/** Runs `action`, prints a thrown error as one line, and exits with the resulting code. */
export async function exitWith(action: () => Promise<void>): Promise<never> {
  let code: number = ExitCode.Ok;
  try {
    await action();
    code = Deno.exitCode;
  } catch (error) {
    code = exitCodeForError(error);
  }
  Deno.exit(code);
}

/**
 * Prints `error` and returns its exit code: an {@linkcode EgsError} carries
 * its own, anything else is 1 and shows its stack only when `EGS_DEBUG` is set.
 */
export function exitCodeForError(error: unknown): number {
  if (error instanceof EgsError) {
    console.error(`error: ${error.message}`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  console.error(`error: ${message}`);
  if (debugRequested() && error instanceof Error) console.error(error.stack);
  return ExitCode.Failure;
}

/** Reports whether `EGS_DEBUG` is set, and false where the process may not read the environment. */
function debugRequested(): boolean {
  const access = Deno.permissions.querySync({ name: "env", variable: "EGS_DEBUG" });
  return access.state === "granted" && Boolean(Deno.env.get("EGS_DEBUG"));
}
