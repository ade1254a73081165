/**
 * A session program on a PTY: the channel carries the terminal's input and
 * output, `window-change` resizes the terminal and `signal` reaches the child.
 */

import type { ServerChannel } from "ssh2";
import type { Logger } from "../log/logging.ts";
import type { PtyProcess, PtyProcessOptions } from "./pty/mod.ts";
import { reportExit, type SessionProcess, SSH_SIGNALS } from "./session_process.ts";

/** Starts a process on a new PTY; the PTY module's `startPtyProcess` in production. */
export type PtyStarter = (options: PtyProcessOptions) => PtyProcess;

/** How long output still draining from the terminal may delay the exit report. */
const OUTPUT_DRAIN_MS = 1000;

/** Starts `options.argv` on a PTY joined to `channel`, and reports its exit on the channel. */
export function startPtySessionProcess(
  channel: ServerChannel,
  startPty: PtyStarter,
  options: PtyProcessOptions,
  logger: Logger,
): SessionProcess {
  const pty = startPty(options);
  logger.info("Started {argv} on {tty} (pid {pid})", {
    argv: options.argv,
    tty: pty.ttyName,
    pid: pty.pid,
  });

  const outputEnded = new Promise<void>((resolve) => {
    pty.stream.once("end", resolve);
    pty.stream.once("close", resolve);
    pty.stream.once("error", () => resolve());
  });
  channel.pipe(pty.stream, { end: false });
  pty.stream.pipe(channel, { end: false });

  const done = pty.exited.then(async (exit) => {
    // A background job may hold the terminal open, so the drain wait is capped.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const capped = new Promise<void>((resolve) => timer = setTimeout(resolve, OUTPUT_DRAIN_MS));
    await Promise.race([outputEnded, capped]);
    clearTimeout(timer);
    pty.stream.unpipe(channel);
    logger.info("Process {pid} ended with {result}", {
      pid: pty.pid,
      result: exit.signal ?? exit.code,
    });
    await reportExit(channel, exit);
    await pty.close();
  });

  return {
    done,
    signal(name) {
      if (SSH_SIGNALS.has(name)) pty.signal(name);
    },
    resize(cols, rows) {
      pty.resize(cols, rows);
    },
    async terminate() {
      await pty.close();
    },
  };
}
