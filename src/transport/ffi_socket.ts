/**
 * Linux stream sockets through libc, for address families `node:net` cannot
 * open (vsock). Sockets are non-blocking: the wait for readiness is a
 * `poll()` on a worker thread, shared by every descriptor, and the call itself
 * runs on the main thread, where errno can be read. Data moves in
 * `fd_stream.ts`.
 */

import {
  check,
  EAGAIN,
  ECONNABORTED,
  EINPROGRESS,
  EINTR,
  EMFILE,
  ENFILE,
  ENOBUFS,
  ENOMEM,
  EPROTO,
  errno,
  F_GETFL,
  F_SETFL,
  libc,
  LibcError,
  O_NONBLOCK,
  POLLIN,
  POLLOUT,
  SO_ERROR,
  SO_RCVBUF,
  SO_SNDBUF,
  SOCK_CLOEXEC,
  SOCK_NONBLOCK,
  SOCK_STREAM,
  SOL_SOCKET,
} from "../../ffi/libc.ts";
import { fdPoller } from "../../ffi/fd_poller.ts";
import { getLogger } from "../log/logging.ts";

/** Opens a non-blocking, close-on-exec stream socket of `family`; throws a LibcError. */
export function openStreamSocket(family: number): number {
  return check("socket", libc().socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
}

/** Binds `fd` to `address` and starts listening; closes the socket on failure. */
export function bindAndListen(
  fd: number,
  address: Uint8Array<ArrayBuffer>,
  length: number,
  backlog: number,
  display: string,
): void {
  try {
    check("bind", libc().bind(fd, address, length), display);
    check("listen", libc().listen(fd, backlog), display);
  } catch (error) {
    libc().close(fd);
    throw error;
  }
}

/** Switches `O_NONBLOCK` on or off. */
export function setBlocking(fd: number, blocking: boolean): void {
  const flags = check("fcntl(F_GETFL)", libc().fcntl(fd, F_GETFL, 0n));
  const updated = blocking ? flags & ~O_NONBLOCK : flags | O_NONBLOCK;
  check("fcntl(F_SETFL)", libc().fcntl(fd, F_SETFL, BigInt(updated)));
}

/** Returns the pending error of a socket (`SO_ERROR`), 0 when there is none. */
export function socketError(fd: number): number {
  const value = new Uint8Array(4);
  const length = new Uint8Array(4);
  new DataView(length.buffer).setUint32(0, 4, true);
  if (libc().getsockopt(fd, SOL_SOCKET, SO_ERROR, value, length) < 0) return errno();
  return new DataView(value.buffer).getInt32(0, true);
}

/**
 * Asks for larger socket buffers so each relay call moves more data. The
 * kernel caps the sizes at net.core.wmem_max and rmem_max, which is fine.
 */
export function requestBufferSize(fd: number, bytes: number): void {
  const value = new Uint8Array(4);
  new DataView(value.buffer).setInt32(0, bytes, true);
  libc().setsockopt(fd, SOL_SOCKET, SO_SNDBUF, value, 4);
  libc().setsockopt(fd, SOL_SOCKET, SO_RCVBUF, value, 4);
}

/** Closes a file descriptor, ignoring errors: there is nothing left to do with it. */
export function closeFd(fd: number): void {
  libc().close(fd);
}

/** Outcome of a {@linkcode waitFor}. */
export type WaitOutcome = "ready" | "aborted" | "timeout";

/**
 * Waits until `fd` has any of `events` (or an error or hang-up), `signal`
 * aborts, or `timeoutMs` passes. The wait shares one poll call with every
 * other descriptor (see `ffi/fd_poller.ts`), so it occupies no thread of its own.
 */
export async function waitFor(
  fd: number,
  events: number,
  options: { signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<WaitOutcome> {
  const { signal, timeoutMs } = options;
  if (timeoutMs === undefined) {
    return (await fdPoller().wait(fd, events, signal)) !== 0 ? "ready" : "aborted";
  }
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const forward = () => controller.abort();
  signal?.addEventListener("abort", forward, { once: true });
  if (signal?.aborted) controller.abort();
  try {
    if ((await fdPoller().wait(fd, events, controller.signal)) !== 0) return "ready";
    return timedOut ? "timeout" : "aborted";
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", forward);
  }
}

/**
 * Closes `fd` once no poll call includes it any more. Every wait on `fd` must be
 * over (resolved or aborted) before this is called.
 */
export async function closeWhenSettled(fd: number): Promise<void> {
  await fdPoller().settled(fd);
  closeFd(fd);
}

const log = getLogger("transport", "ffi");

/** accept4 errors for a connection that is gone or a signal: accept the next one. */
const RETRY_AT_ONCE = new Set([EAGAIN, EINTR, ECONNABORTED, EPROTO]);
/** accept4 errors from exhausted resources, retried after ACCEPT_RETRY_MS. */
const RETRY_LATER = new Set([EMFILE, ENFILE, ENOBUFS, ENOMEM]);
const ACCEPT_RETRY_MS = 100;

/** A connection taken from a listening socket. */
export interface AcceptedSocket {
  fd: number;
  /** The peer's socket address as the kernel returned it. */
  address: Uint8Array;
}

/**
 * Accepts the next connection on the non-blocking listening socket `fd`;
 * returns undefined once `signal` aborts. Transient accept errors are retried.
 */
export async function acceptSocket(
  fd: number,
  signal: AbortSignal,
): Promise<AcceptedSocket | undefined> {
  const address = new Uint8Array(128);
  const length = new Uint8Array(4);
  for (;;) {
    if (signal.aborted || (await waitFor(fd, POLLIN, { signal })) === "aborted") return undefined;
    new DataView(length.buffer).setUint32(0, address.length, true);
    const accepted = libc().accept4(fd, address, length, SOCK_CLOEXEC);
    if (accepted >= 0) {
      const size = new DataView(length.buffer).getUint32(0, true);
      return { fd: accepted, address: address.slice(0, Math.min(size, address.length)) };
    }
    const code = errno();
    if (RETRY_AT_ONCE.has(code)) continue;
    if (RETRY_LATER.has(code)) {
      // Out of descriptors or memory. The listener keeps running, and the
      // pending connection is retried once some are freed.
      log.warning("accept4 failed: {error} Retrying in {delayMs} ms.", {
        error: new LibcError("accept4", code).message,
        delayMs: ACCEPT_RETRY_MS,
      });
      await new Promise((resolve) => setTimeout(resolve, ACCEPT_RETRY_MS));
      if (signal.aborted) return undefined;
      continue;
    }
    throw new LibcError("accept4", code);
  }
}

/**
 * Connects a new non-blocking socket of `family` to `address` and returns
 * it. Throws a LibcError naming `display`, or an Error after `timeoutMs`.
 */
export async function connectSocket(
  family: number,
  address: Uint8Array<ArrayBuffer>,
  length: number,
  display: string,
  timeoutMs = 10_000,
): Promise<number> {
  const fd = openStreamSocket(family);
  const deadline = Date.now() + timeoutMs;
  try {
    while (libc().connect(fd, address, length) < 0) {
      const code = errno();
      // A unix socket whose backlog is full returns EAGAIN without starting a
      // connection, so connect must be called again.
      if (code === EAGAIN && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 10));
        continue;
      }
      if (code !== EINPROGRESS) throw new LibcError("connect", code, `to ${display}`);
      if ((await waitFor(fd, POLLOUT, { timeoutMs })) === "timeout") {
        throw new Error(`connect to ${display} timed out after ${timeoutMs} ms.`);
      }
      const pending = socketError(fd);
      if (pending !== 0) throw new LibcError("connect", pending, `to ${display}`);
      break;
    }
    return fd;
  } catch (error) {
    await closeWhenSettled(fd);
    throw error;
  }
}
