/**
 * A Node-style duplex stream over a PTY master file descriptor. The fd is put
 * in nonblocking mode and read and written synchronously, so a call never
 * stalls the event loop. When the fd has nothing to read (or no room to
 * write), the stream waits in `poll(2)` on a worker thread.
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

const READ_BUFFER_SIZE = 64 * 1024;

// Upper bound, in milliseconds, on how long a waiting read or write takes to
// notice that the stream is being destroyed. Data wakes poll at once.
const POLL_TIMEOUT_MS = 50;

/** Duplex stream over a PTY master; destroying it closes the fd. */
export class PtyMasterStream extends Duplex {
  readonly #fd: number;
  #closing = false;
  #readLoop: Promise<void> | undefined;
  #resumeReading: (() => void) | undefined;
  #slaveGone = false;

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
    const resume = this.#resumeReading;
    this.#resumeReading = undefined;
    resume?.();

    const loop = this.#readLoop ?? Promise.resolve();
    loop.finally(() => {
      ptyLibc().close(this.#fd);
      callback(error);
    });
  }

  async #runReadLoop(): Promise<void> {
    const libc = ptyLibc();
    const buffer = new Uint8Array(READ_BUFFER_SIZE);
    const pollBuffer = new Uint8Array(8);

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
        await pollFd(this.#fd, POLLIN, pollBuffer);
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
    const pollBuffer = new Uint8Array(8);
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
        await pollFd(this.#fd, POLLOUT, pollBuffer);
        continue;
      }
      // EIO: the child closed the terminal. Input typed after that is dropped,
      // as a real terminal drops keystrokes after the shell has exited.
      return;
    }
  }
}

async function pollFd(fd: number, events: number, pollBuffer: Uint8Array): Promise<void> {
  const view = new DataView(pollBuffer.buffer);
  view.setInt32(0, fd, true);
  view.setInt16(4, events, true);
  view.setInt16(6, 0, true);
  await ptyLibc().poll(pollBuffer as Uint8Array<ArrayBuffer>, 1n, POLL_TIMEOUT_MS);
}
