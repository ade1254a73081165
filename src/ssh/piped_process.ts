/**
 * A session program without a PTY: stdin, stdout and stderr are pipes joined
 * to the channel's data, so the client sees stdout and stderr separately and
 * no terminal sequences, as with `ssh host command` against sshd.
 */

import { type ChildProcess, spawn } from "node:child_process";
import type { Readable } from "node:stream";
import type { ServerChannel } from "ssh2";
import type { Logger } from "../log/logging.ts";
import { reportExit, type SessionProcess, SSH_SIGNALS } from "./session_process.ts";

/** Program, environment and working directory of a piped process. */
export interface PipedProcessOptions {
  argv: readonly string[];
  env: Record<string, string>;
  cwd: string;
}

/** Time a program gets between SIGHUP and SIGKILL when its client is gone. */
const KILL_GRACE_MS = 2000;

/** Starts `options.argv` with pipes joined to `channel`, and reports its exit on the channel. */
export function startPipedProcess(
  channel: ServerChannel,
  options: PipedProcessOptions,
  logger: Logger,
): SessionProcess {
  const child = spawn(options.argv[0], options.argv.slice(1), {
    cwd: options.cwd,
    env: options.env,
    stdio: ["pipe", "pipe", "pipe"],
    // A process group of its own lets teardown reach the program's children too.
    detached: true,
  });
  logger.info("Started {argv} without a PTY (pid {pid})", { argv: options.argv, pid: child.pid });

  channel.pipe(child.stdin!).on("error", () => {});
  child.stdin!.on("error", () => {});
  child.stdout!.pipe(channel, { end: false });
  child.stderr!.pipe(channel.stderr, { end: false });

  const done = new Promise<void>((resolve) => {
    child.once("error", (error) => {
      logger.error("Cannot start {argv}: {error}", { argv: options.argv, error: error.message });
      channel.stderr.write(`${options.argv[0]}: ${error.message}\n`);
      reportExit(channel, { code: 127, signal: null }).finally(resolve);
    });
    // Like sshd, the exit is reported once the process has exited and its
    // stdout and stderr have ended, so no output can follow the exit status.
    const outputEnded = Promise.all([streamEnded(child.stdout!), streamEnded(child.stderr!)]);
    child.once("exit", (code, signal) => {
      outputEnded.then(() => {
        logger.info("Process {pid} ended with {result}", {
          pid: child.pid,
          result: signal ?? code,
        });
        return reportExit(channel, { code, signal });
      }).finally(resolve);
    });
  });

  return {
    done,
    signal(name) {
      if (SSH_SIGNALS.has(name)) child.kill(`SIG${name}` as NodeJS.Signals);
    },
    async terminate() {
      await terminateGroup(child, done);
    },
  };
}

function streamEnded(stream: Readable): Promise<void> {
  if (stream.readableEnded || stream.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    stream.once("end", resolve);
    stream.once("close", resolve);
    stream.once("error", () => resolve());
  });
}

async function terminateGroup(child: ChildProcess, done: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const pid = child.pid;
  killGroup(pid, "SIGHUP");
  const timer = setTimeout(() => killGroup(pid, "SIGKILL"), KILL_GRACE_MS);
  await done;
  clearTimeout(timer);
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}
