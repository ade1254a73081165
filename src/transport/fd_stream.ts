/**
 * A Node `Duplex` over a socket descriptor opened through libc. The socket
 * is non-blocking: reads and writes run on the main thread and return at once
 * (so errno can be read there), and only the wait for readiness, a `poll()`
 * shared with every other descriptor, runs on a worker thread. This is how
 * libuv and Deno's own sockets work, and it avoids one thread hand-off per
 * read. Reads fill large slabs that are
 * handed on without copying.
 */

import { Duplex } from "node:stream";
import {
  EAGAIN,
  EINTR,
  errno,
  libc,
  LibcError,
  POLLIN,
  POLLOUT,
  SHUT_RDWR,
  SHUT_WR,
} from "../../ffi/libc.ts";
import { closeWhenSettled, requestBufferSize, setBlocking, waitFor } from "./ffi_socket.ts";

const SLAB = 1 << 20;
const MIN_FREE = 64 << 10;
/** Bytes read in one go before the loop lets other tasks run. */
const READ_BURST = 8 << 20;

/** Wraps the connected socket `fd` in a Duplex; the stream owns and closes it. */
export class FdStream extends Duplex {
  #fd: number;
  #slab = new Uint8Array(SLAB);
  #offset = 0;
  #reading = false;
  #polling = 0;
  #closed = false;
  #releasing = false;
  /** Aborted on destroy, which ends the waits of the read and write loops. */
  #stop = new AbortController();
  #onReleased: (() => void) | undefined;

  constructor(fd: number) {
    super({ allowHalfOpen: false, highWaterMark: SLAB });
    this.#fd = fd;
    setBlocking(fd, false);
    requestBufferSize(fd, SLAB);
  }

  override _read(): void {
    if (this.#reading || this.#closed) return;
    this.#reading = true;
    this.#readLoop().catch((error) => {
      this.#reading = false;
      this.destroy(error);
    });
  }

  /**
   * Reads until the consumer has enough buffered, then clears `#reading`
   * before returning: Node calls `_read()` again as soon as the buffer
   * drains, possibly before a `finally` would have run.
   */
  async #readLoop(): Promise<void> {
    let burst = 0;
    while (!this.#closed) {
      if (SLAB - this.#offset < MIN_FREE) {
        this.#slab = new Uint8Array(SLAB);
        this.#offset = 0;
      }
      const target = this.#slab.subarray(this.#offset);
      const count = Number(libc().read_now(this.#fd, target, BigInt(target.length)));
      if (count < 0) {
        const code = errno();
        if (code === EINTR) continue;
        if (code !== EAGAIN) throw new LibcError("read", code);
        burst = 0;
        await this.#wait(POLLIN);
        continue;
      }
      if (count === 0) {
        this.#reading = false;
        this.push(null);
        return;
      }
      const chunk = this.#slab.subarray(this.#offset, this.#offset + count);
      this.#offset += count;
      if (!this.push(chunk)) {
        this.#reading = false;
        return;
      }
      burst += count;
      if (burst >= READ_BURST) {
        burst = 0;
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
    }
    this.#reading = false;
  }

  override _write(
    chunk: Uint8Array,
    _encoding: string,
    callback: (error?: Error | null) => void,
  ): void {
    this.#writeAll(chunk).then(() => callback(), callback);
  }

  override _writev(
    chunks: { chunk: Uint8Array }[],
    callback: (error?: Error | null) => void,
  ): void {
    const total = chunks.reduce((sum, { chunk }) => sum + chunk.length, 0);
    const joined = new Uint8Array(total);
    let offset = 0;
    for (const { chunk } of chunks) {
      joined.set(chunk, offset);
      offset += chunk.length;
    }
    this.#writeAll(joined).then(() => callback(), callback);
  }

  async #writeAll(data: Uint8Array): Promise<void> {
    let offset = 0;
    while (offset < data.length) {
      if (this.#closed) throw new Error("write after the socket was closed.");
      const view = data.subarray(offset) as Uint8Array<ArrayBuffer>;
      const written = Number(libc().write_now(this.#fd, view, BigInt(view.length)));
      if (written >= 0) {
        offset += written;
        continue;
      }
      const code = errno();
      if (code === EAGAIN) await this.#wait(POLLOUT);
      else if (code !== EINTR) throw new LibcError("write", code);
    }
  }

  async #wait(events: number): Promise<void> {
    this.#polling++;
    try {
      await waitFor(this.#fd, events, { signal: this.#stop.signal });
    } finally {
      this.#polling--;
      if (this.#closed && this.#polling === 0) this.#release();
    }
  }

  override _final(callback: (error?: Error | null) => void): void {
    if (!this.#closed) libc().shutdown(this.#fd, SHUT_WR);
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#closed = true;
    this.#onReleased = () => callback(error);
    // The abort ends the waits of both loops. The shutdown signals the end of
    // the stream to the peer at once, before the descriptor is closed.
    this.#stop.abort();
    libc().shutdown(this.#fd, SHUT_RDWR);
    if (this.#polling === 0) this.#release();
  }

  /**
   * Closes the descriptor and emits "close" once no loop waits on it and no
   * poll call includes it, because a poll keeps watching a closed descriptor
   * whose number may by then belong to another file.
   */
  #release(): void {
    if (this.#releasing) return;
    this.#releasing = true;
    closeWhenSettled(this.#fd).then(() => {
      this.#fd = -1;
      this.#onReleased?.();
    });
  }
}
