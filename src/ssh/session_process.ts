/**
 * The interface of a program a session channel runs, with or without a PTY,
 * and the report of its end to the client. After all output the server sends
 * `exit-status` or `exit-signal`, then EOF and CLOSE, as RFC 4254 section 6.10
 * describes and OpenSSH clients expect.
 */

import { Buffer } from "node:buffer";
import type { Writable } from "node:stream";
import type { ServerChannel } from "ssh2";

/** A program started for a session channel. */
export interface SessionProcess {
  /** Sends a signal named as SSH names it (`INT`, `TERM`, ...). */
  signal(name: string): void;
  /** Changes the window size; only PTY processes have one. */
  resize?(cols: number, rows: number): void;
  /** Ends the program because its channel or connection is gone. */
  terminate(): Promise<void>;
  /** Settles once the exit has been reported and the channel closed. */
  readonly done: Promise<void>;
}

/** End of a program: its exit code, or the SSH name of the signal that killed it. */
export interface ProcessExit {
  code: number | null;
  signal: string | null;
}

/** Signal names RFC 4254 section 6.10 defines; others are rejected. */
export const SSH_SIGNALS: ReadonlySet<string> = new Set([
  "ABRT",
  "ALRM",
  "FPE",
  "HUP",
  "ILL",
  "INT",
  "KILL",
  "PIPE",
  "QUIT",
  "SEGV",
  "TERM",
  "USR1",
  "USR2",
]);

/**
 * Waits until the data already written to `channel` and its stderr stream has
 * been sent, then reports `exit` and closes the channel. Nothing is sent after
 * the exit report except EOF and CLOSE.
 */
export async function reportExit(channel: ServerChannel, exit: ProcessExit): Promise<void> {
  await Promise.all([flushWritable(channel), flushWritable(channel.stderr)]);
  if (isOpen(channel)) {
    if (exit.signal !== null) {
      channel.exit(exit.signal.replace(/^SIG/, ""), false, "");
    } else {
      channel.exit(exit.code ?? 255);
    }
    channel.end();
  }
  channel.close();
}

/** Waits for a writable's queued chunks: a zero-length write completes after all earlier ones. */
function flushWritable(stream: Writable): Promise<void> {
  if (stream.destroyed || stream.writableEnded || stream.writableLength === 0) {
    return Promise.resolve();
  }
  return new Promise((resolve) => stream.write(Buffer.alloc(0), () => resolve()));
}

function isOpen(channel: ServerChannel): boolean {
  return !channel.destroyed && !channel.writableEnded;
}
