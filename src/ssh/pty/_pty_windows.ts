/**
 * Windows PTY processes. The Windows counterpart is a pseudo console
 * (CreatePseudoConsole with pipes, and CreateProcessW with
 * PROC_THREAD_ATTRIBUTE_PSEUDOCONSOLE), which is not written yet.
 */

import { NotSupportedError } from "../../errors.ts";
import type { PtyProcess, PtyProcessOptions } from "./pty_process.ts";

/**
 * Throws NotSupportedError for every request.
 *
 * NOTE: ConPTY is not implemented, so interactive shells with a PTY fail on
 * Windows; exec without a PTY is unaffected.
 */
export function startWindowsPtyProcess(_options: PtyProcessOptions): PtyProcess {
  throw new NotSupportedError("A PTY (ConPTY pseudo console)", "windows");
}
