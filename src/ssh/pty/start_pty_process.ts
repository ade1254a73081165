/** Chooses the PTY implementation for the running operating system. */

import { NotSupportedError } from "../../errors.ts";
import { startLinuxPtyProcess } from "./_pty_linux.ts";
import { startWindowsPtyProcess } from "./_pty_windows.ts";
import type { PtyProcess, PtyProcessOptions } from "./pty_process.ts";

/**
 * Starts a process on a new pseudo-terminal. Throws NotSupportedError on an
 * operating system without an implementation, and an Error naming the failed
 * step when the PTY or the process cannot be created.
 */
export function startPtyProcess(options: PtyProcessOptions): PtyProcess {
  switch (Deno.build.os) {
    case "linux":
      return startLinuxPtyProcess(options);
    case "windows":
      return startWindowsPtyProcess(options);
    default:
      throw new NotSupportedError("A PTY");
  }
}
