/**
 * The interface of a process running on a pseudo-terminal, shared by the
 * Linux implementation and a future Windows (ConPTY) one.
 */

import type { Duplex } from "node:stream";
import type { TerminalModes } from "./terminal_modes.ts";

/** What {@linkcode PtyProcess} to start and how its terminal is set up. */
export interface PtyProcessOptions {
  /** Program and arguments; a program without `/` is looked up in this process's PATH. */
  argv: readonly string[];
  /** The complete environment of the child; `TERM` is added from `term` when missing. */
  env: Readonly<Record<string, string>>;
  /** Working directory of the child. */
  cwd: string;
  /** Window width in character cells. */
  cols: number;
  /** Window height in character cells. */
  rows: number;
  /** Terminal type, such as `xterm-256color`. */
  term: string;
  /** SSH terminal modes requested by the client, applied on top of the kernel's defaults. */
  modes?: TerminalModes;
}

/** How a PTY process ended: an exit code, or the SSH name of the signal that killed it. */
export interface PtyExit {
  code: number | null;
  signal: string | null;
}

/** A child process whose stdin, stdout and stderr are the slave side of a PTY. */
export interface PtyProcess {
  /** The master side: bytes written are typed input, bytes read are terminal output. */
  readonly stream: Duplex;
  /** Process id of the child, which is also its session and process group id. */
  readonly pid: number;
  /** Path of the slave device, such as `/dev/pts/3`. */
  readonly ttyName: string;
  /** Settles once the child has exited and been reaped. */
  readonly exited: Promise<PtyExit>;
  /** Sets the window size in character cells; the foreground process group receives SIGWINCH. */
  resize(cols: number, rows: number): void;
  /** Sends a signal, named as SSH names it (`INT`, `TERM`, ...), to the child. */
  signal(name: string): void;
  /**
   * Closes the master and sends SIGHUP to the child's process group. Resolves
   * once the master is closed and the child is reaped. Safe to call twice.
   */
  close(): Promise<void>;
}
