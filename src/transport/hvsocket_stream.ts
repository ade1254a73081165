/**
 * A Node `Duplex` over a blocking Winsock socket. Each recv and send runs on
 * a worker thread, because Deno's own sockets cannot wrap a Hyper-V socket.
 *
 * NOTE: type-checked only. No test has run it, because the test machines run Linux.
 * NOTE: an idle connection keeps one of Deno's few FFI worker threads in
 * `recv`, so many idle connections can stall the runtime as they did on Linux
 * before `ffi/fd_poller.ts`. Overlapped I/O would avoid that.
 */

import { Duplex } from "node:stream";
import { SD_BOTH, SD_SEND, socketError, ws2 } from "../../ffi/ws2_32.ts";

const CHUNK = 256 << 10;

/** Wraps a connected socket handle; the stream owns and closes it. */
export class HvSocketStream extends Duplex {
  #socket: bigint;
  #pending = 0;
  #closed = false;
  #released = false;

  constructor(socket: bigint) {
    super({ allowHalfOpen: false, highWaterMark: CHUNK });
    this.#socket = socket;
  }

  override _read(): void {
    this.#track(this.#readOnce()).catch((error) => this.destroy(error));
  }

  async #readOnce(): Promise<void> {
    const buffer = new Uint8Array(CHUNK);
    const count = await ws2().recv(this.#socket, buffer, buffer.length, 0);
    if (this.#closed) return;
    if (count < 0) throw new Error(`recv failed with Winsock error ${socketError(this.#socket)}.`);
    this.push(count === 0 ? null : buffer.subarray(0, count));
  }

  override _write(
    chunk: Uint8Array,
    _encoding: string,
    callback: (error?: Error | null) => void,
  ): void {
    this.#track(this.#sendAll(chunk)).then(() => callback(), callback);
  }

  async #sendAll(data: Uint8Array): Promise<void> {
    let offset = 0;
    while (offset < data.length) {
      const view = data.slice(offset, offset + CHUNK);
      const sent = await ws2().send(this.#socket, view, view.length, 0);
      if (sent <= 0) {
        throw new Error(`send failed with Winsock error ${socketError(this.#socket)}.`);
      }
      offset += sent;
    }
  }

  override _final(callback: (error?: Error | null) => void): void {
    ws2().shutdown(this.#socket, SD_SEND);
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (!this.#closed) {
      this.#closed = true;
      // shutdown ends calls still running on worker threads. The handle is
      // closed once they returned, so it cannot be reused under them.
      ws2().shutdown(this.#socket, SD_BOTH);
      if (this.#pending === 0) this.#release();
    }
    callback(error);
  }

  async #track<T>(work: Promise<T>): Promise<T> {
    this.#pending++;
    try {
      return await work;
    } finally {
      this.#pending--;
      if (this.#closed && this.#pending === 0) this.#release();
    }
  }

  #release(): void {
    if (this.#released) return;
    this.#released = true;
    ws2().closesocket(this.#socket);
  }
}
