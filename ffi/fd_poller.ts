/**
 * One `poll(2)` call, on one worker thread, that waits for every descriptor
 * the FFI sockets, the PTY masters and the PTY children wait on.
 *
 * Deno runs each `nonblocking: true` FFI call on a thread from a pool of 32
 * per runtime (its tokio blocking pool). A call that waits without end, such
 * as a `poll()` without timeout for an idle connection or a `waitpid()` for a
 * running shell, occupies one of those threads until it returns. With 32 of
 * them waiting, every later nonblocking FFI call and every async file system
 * call of the runtime queues behind them, and the daemon stops. One shared
 * poll uses one thread however many connections and terminals are open.
 *
 * A pipe wakes the poll whenever the set of descriptors changes. Cancelled
 * waits are dropped from the next round, and {@linkcode FdPoller.settled}
 * lets an owner close its descriptor only once no poll call includes it.
 */

import { check, libc, O_CLOEXEC, O_NONBLOCK, POLLIN } from "./libc.ts";

/** `poll(2)` revents bits that report a descriptor no wait can make ready. */
export const POLLERR = 0x8;
export const POLLHUP = 0x10;
export const POLLNVAL = 0x20;

interface Interest {
  fd: number;
  events: number;
  resolve: (revents: number) => void;
}

/** Waits for readiness of many descriptors with a single poll call at a time. */
export class FdPoller {
  #interests = new Set<Interest>();
  #wakeRead = -1;
  #wakeWrite = -1;
  #running = false;
  /** The poll call in flight: the descriptors it includes and its result. */
  #call: { fds: Set<number>; returned: Promise<unknown> } | undefined;
  #wakePending = false;

  /**
   * Resolves with the revents of `fd` once it has any of `events` (or an
   * error or hang-up). Resolves with 0 when `signal` aborts first.
   */
  wait(fd: number, events: number, signal?: AbortSignal): Promise<number> {
    if (signal?.aborted) return Promise.resolve(0);
    // Opened here so that a failing pipe2 (out of descriptors) reaches the caller.
    this.#openWaker();
    return new Promise((resolve) => {
      const onAbort = () => {
        if (this.#interests.delete(interest)) {
          interest.resolve(0);
          this.#wake();
        }
      };
      const interest: Interest = {
        fd,
        events,
        resolve: (revents) => {
          signal?.removeEventListener("abort", onAbort);
          resolve(revents);
        },
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#interests.add(interest);
      if (this.#running) this.#wake();
      else void this.#run();
    });
  }

  /**
   * Resolves once no poll call includes `fd`. Call it after the last wait on a
   * descriptor was resolved or aborted and before closing the descriptor: the
   * kernel keeps polling a descriptor closed under it, and by then its number
   * may belong to another file.
   */
  async settled(fd: number): Promise<void> {
    while (this.#call !== undefined && this.#call.fds.has(fd)) {
      this.#wake();
      await this.#call.returned;
    }
  }

  async #run(): Promise<void> {
    this.#running = true;
    try {
      while (this.#interests.size > 0) {
        const interests = [...this.#interests];
        const count = interests.length + 1;
        const fds = new Uint8Array(8 * count);
        const view = new DataView(fds.buffer);
        view.setInt32(0, this.#wakeRead, true);
        view.setInt16(4, POLLIN, true);
        interests.forEach(({ fd, events }, index) => {
          view.setInt32(8 * (index + 1), fd, true);
          view.setInt16(8 * (index + 1) + 4, events, true);
        });
        this.#wakePending = false;
        const returned = libc().poll(fds, BigInt(count), -1);
        this.#call = { fds: new Set(interests.map(({ fd }) => fd)), returned };
        let result: number;
        try {
          result = await returned;
        } finally {
          this.#call = undefined;
        }
        // A negative result is EINTR (errno lives on the worker thread); the
        // next round polls again.
        if (result <= 0) continue;
        if (view.getInt16(6, true) !== 0) this.#drainWaker();
        interests.forEach((interest, index) => {
          const revents = view.getInt16(8 * (index + 1) + 6, true);
          if (revents !== 0 && this.#interests.delete(interest)) interest.resolve(revents);
        });
      }
    } finally {
      this.#running = false;
    }
  }

  #openWaker(): void {
    if (this.#wakeRead >= 0) return;
    const fds = new Int32Array(2);
    check("pipe2", libc().pipe2(new Uint8Array(fds.buffer), O_CLOEXEC | O_NONBLOCK));
    this.#wakeRead = fds[0];
    this.#wakeWrite = fds[1];
  }

  #wake(): void {
    if (this.#wakePending || this.#wakeWrite < 0) return;
    this.#wakePending = true;
    libc().write_now(this.#wakeWrite, new Uint8Array([1]), 1n);
  }

  #drainWaker(): void {
    const buffer = new Uint8Array(64);
    while (Number(libc().read_now(this.#wakeRead, buffer, BigInt(buffer.length))) > 0) {
      // Each byte is one wake request; they carry nothing else.
    }
  }
}

let shared: FdPoller | undefined;

/** Returns the poller shared by every FFI socket and PTY of this JavaScript realm. */
export function fdPoller(): FdPoller {
  shared ??= new FdPoller();
  return shared;
}
