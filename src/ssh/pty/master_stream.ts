/**
 * A Node-style duplex stream over a PTY master file descriptor. The fd is put
 * in nonblocking mode and read and written synchronously, so a call never
 * stalls the event loop. When the fd has nothing to read (or no room to
 * write), the stream waits on the poller shared with every other descriptor,
 * so an idle terminal occupies no worker thread.
 */

import { Duplex } from "node:stream";
import {
  EAGAIN,
  EINTR,
  errno,
  F_GETFL,
  F_SETFL,
  O_NONBLOCK,
  POLLIN,
  POLLOUT,
  ptyLibc,
} from "../../../ffi/pty.ts";
import { fdPoller } from "../../../ffi/fd_poller.ts";

const READ_BUFFER_SIZE = 64 * 1024;

/** Duplex stream over a PTY master; destroying it closes the fd. */
export class PtyMasterStream extends Duplex {
  readonly #fd: number;
  #closing = false;
  #readLoop: Promise<void> | undefined;
  #resumeReading: (() => void) | undefined;
  #slaveGone = false;
  /** Aborted on destroy, which ends the waits of the read and write loops. */
  #stop = new AbortController();

  /** Wraps `fd`, which this stream owns from now on, and makes it nonblocking. */
  constructor(fd: number) {
    super({ allowHalfOpen: true });
    this.#fd = fd;
    const libc = ptyLibc();
    const flags = libc.fcntl(fd, F_GETFL, 0n);
    libc.fcntl(fd, F_SETFL, BigInt(flags | O_NONBLOCK));
  }

  override _read(): void {
    if (this.#readLoop === undefined) {
      this.#readLoop = this.#runReadLoop();
      return;
    }
    const resume = this.#resumeReading;
    this.#resumeReading = undefined;
    resume?.();
  }

  override _write(
    chunk: Uint8Array,
    _encoding: string,
    callback: (error?: Error | null) => void,
  ): void {
    this.#writeAll(chunk).then(() => callback(), callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    // A terminal has no end-of-file of its own: sshd also keeps the PTY open
    // when the client sends EOF, and the user types Ctrl-D instead.
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#closing = true;
    this.#stop.abort();
    const resume = this.#resumeReading;
    this.#resumeReading = undefined;
    resume?.();

    // The fd is closed only once the read loop has stopped and no poll call
    // includes it, because a poll keeps watching a closed fd whose number may
    // by then belong to another file.
    const loop = this.#readLoop ?? Promise.resolve();
    loop
      .then(() => fdPoller().settled(this.#fd))
      .finally(() => {
        ptyLibc().close(this.#fd);
        callback(error);
      });
  }

  async #runReadLoop(): Promise<void> {
    const libc = ptyLibc();
    const buffer = new Uint8Array(READ_BUFFER_SIZE);

    while (!this.#closing) {
      const count = Number(libc.read(this.#fd, buffer, BigInt(buffer.length)));
      if (count > 0) {
        if (!this.push(buffer.slice(0, count))) {
          await new Promise<void>((resolve) => this.#resumeReading = resolve);
        }
        continue;
      }
      const code = count < 0 ? errno() : 0;
      if (code === EAGAIN || code === EINTR) {
        await fdPoller().wait(this.#fd, POLLIN, this.#stop.signal);
        continue;
      }
      // 0 or EIO: every slave fd is closed, so the terminal output has ended.
      this.#slaveGone = true;
      break;
    }
    if (!this.#closing) this.push(null);
  }

  async #writeAll(chunk: Uint8Array): Promise<void> {
    const libc = ptyLibc();
    let offset = 0;

    while (offset < chunk.length && !this.#closing && !this.#slaveGone) {
      const rest = chunk.subarray(offset);
      const count = Number(libc.write(this.#fd, rest, BigInt(rest.length)));
      if (count >= 0) {
        offset += count;
        continue;
      }
      const code = errno();
      if (code === EAGAIN || code === EINTR) {
        await fdPoller().wait(this.#fd, POLLOUT, this.#stop.signal);
        continue;
      }
      // EIO: the child closed the terminal. Input typed after that is dropped,
      // as a real terminal drops keystrokes after the shell has exited.
      return;
    }
  }
}
