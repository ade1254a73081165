/**
 * Linux PTY processes: a master from `posix_openpt`, terminal modes and window
 * size set on it before the child starts, and the child spawned in its own
 * session with the slave as its controlling terminal.
 */

import {
  EINTR,
  errno,
  fromCString,
  O_CLOEXEC,
  O_NOCTTY,
  O_RDWR,
  POLLIN,
  ptyLibc,
  SYS_PIDFD_OPEN,
  TCSANOW,
  TERMIOS_SIZE,
  TIOCSWINSZ,
  WNOHANG,
} from "../../../ffi/pty.ts";
import { fdPoller } from "../../../ffi/fd_poller.ts";
import { spawnOnTerminal } from "../../../ffi/posix_spawn.ts";
import { getLogger } from "../../log/logging.ts";
import { PtyMasterStream } from "./master_stream.ts";
import type { PtyExit, PtyProcess, PtyProcessOptions } from "./pty_process.ts";
import { signalName, signalNumber } from "./signals.ts";
import { applyTerminalModes } from "./terminal_modes.ts";

const SIGHUP = 1;
const SIGKILL = 9;

// How long close() waits after SIGHUP before it kills the child itself. A
// shell exits on SIGHUP at once; this only bounds a child that ignores it.
const HANGUP_GRACE_MS = 3000;

// How often the exit of a child is checked on kernels without pidfds.
const EXIT_CHECK_MS = 50;

const log = getLogger("ssh", "pty");

/** Starts `options.argv` on a new PTY; throws an Error naming the failed step. */
export function startLinuxPtyProcess(options: PtyProcessOptions): PtyProcess {
  const libc = ptyLibc();

  const master = libc.posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (master < 0) {
    throw new Error(`Cannot open a PTY master: posix_openpt failed (errno ${errno()}).`);
  }

  let ttyName: string;
  try {
    ttyName = preparePty(master, options);
  } catch (error) {
    libc.close(master);
    throw error;
  }

  const env = { ...options.env };
  env.TERM ??= options.term;

  let pid: number;
  try {
    pid = spawnOnTerminal({ argv: options.argv, env, cwd: options.cwd, ttyPath: ttyName });
  } catch (error) {
    libc.close(master);
    throw error;
  }
  log.debug("Started {argv} on {ttyName} as pid {pid}.", { argv: options.argv, ttyName, pid });

  const stream = new PtyMasterStream(master);
  // Once reaped, the pid may belong to another process, so no signal goes to it.
  let reaped = false;
  const exited = waitForExit(pid).finally(() => reaped = true);
  let closing: Promise<void> | undefined;

  return {
    stream,
    pid,
    ttyName,
    exited,
    resize(cols: number, rows: number): void {
      if (stream.destroyed) return;
      setWindowSize(master, cols, rows);
    },
    signal(name: string): void {
      const number = signalNumber(name);
      if (!reaped) libc.kill(pid, number);
    },
    close(): Promise<void> {
      closing ??= closePty(stream, pid, exited, () => reaped);
      return closing;
    },
  };
}

function preparePty(master: number, options: PtyProcessOptions): string {
  const libc = ptyLibc();
  if (libc.grantpt(master) !== 0 || libc.unlockpt(master) !== 0) {
    throw new Error(`Cannot unlock the PTY slave: grantpt/unlockpt failed (errno ${errno()}).`);
  }

  const name = new Uint8Array(128);
  const result = libc.ptsname_r(master, name, BigInt(name.length));
  if (result !== 0) {
    throw new Error(`Cannot read the PTY slave's name: ptsname_r returned ${result}.`);
  }

  if (options.modes !== undefined) {
    const termios = new Uint8Array(TERMIOS_SIZE);
    if (libc.tcgetattr(master, termios) !== 0) {
      throw new Error(`Cannot read the terminal attributes: tcgetattr failed (errno ${errno()}).`);
    }
    applyTerminalModes(termios, options.modes);
    if (libc.tcsetattr(master, TCSANOW, termios) !== 0) {
      throw new Error(`Cannot set the terminal modes: tcsetattr failed (errno ${errno()}).`);
    }
  }

  setWindowSize(master, options.cols, options.rows);
  return fromCString(name);
}

function setWindowSize(master: number, cols: number, rows: number): void {
  const winsize = new Uint16Array([clampCells(rows), clampCells(cols), 0, 0]);
  if (ptyLibc().ioctl(master, BigInt(TIOCSWINSZ), winsize) !== 0) {
    throw new Error(`Cannot set the window size to ${cols}x${rows}: errno ${errno()}.`);
  }
}

function clampCells(value: number): number {
  return Math.max(0, Math.min(0xffff, Math.trunc(value)));
}

/**
 * Reaps `pid` without holding a worker thread: `waitpid` runs with WNOHANG,
 * and in between the shared poller waits for the child's pidfd, which becomes
 * readable when the child exits. Kernels without pidfds (before 5.3) get a
 * timer instead.
 */
async function waitForExit(pid: number): Promise<PtyExit> {
  const libc = ptyLibc();
  const status = new Int32Array(1);
  const pidfd = Number(libc.syscall(BigInt(SYS_PIDFD_OPEN), BigInt(pid), 0n));
  try {
    for (;;) {
      const result = libc.waitpid(pid, status, WNOHANG);
      if (result === pid) break;
      if (result < 0) {
        const code = errno();
        if (code === EINTR) continue;
        log.error("Cannot reap PTY child {pid}: waitpid failed with errno {code}.", { pid, code });
        return { code: null, signal: null };
      }
      if (pidfd >= 0) await fdPoller().wait(pidfd, POLLIN);
      else await new Promise((resolve) => setTimeout(resolve, EXIT_CHECK_MS));
    }
  } finally {
    if (pidfd >= 0) {
      await fdPoller().settled(pidfd);
      libc.close(pidfd);
    }
  }

  const raw = status[0];
  const termSignal = raw & 0x7f;
  if (termSignal === 0) return { code: (raw >> 8) & 0xff, signal: null };
  return { code: null, signal: signalName(termSignal) };
}

async function closePty(
  stream: PtyMasterStream,
  pid: number,
  exited: Promise<PtyExit>,
  isReaped: () => boolean,
): Promise<void> {
  const libc = ptyLibc();
  // The child is a session leader, so its pid is also its process group id.
  if (!isReaped()) libc.kill(-pid, SIGHUP);

  await new Promise<void>((resolve) => {
    if (stream.destroyed && stream.closed) return resolve();
    stream.once("close", () => resolve());
    stream.destroy();
  });

  let timer: ReturnType<typeof setTimeout> | undefined;
  const gaveUp = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), HANGUP_GRACE_MS);
  });
  const outcome = await Promise.race([exited, gaveUp]);
  clearTimeout(timer);
  if (outcome === "timeout" && !isReaped()) {
    log.warning("PTY child {pid} ignored SIGHUP for {ms} ms; sending SIGKILL.", {
      pid,
      ms: HANGUP_GRACE_MS,
    });
    libc.kill(pid, SIGKILL);
    await exited;
  }
}
