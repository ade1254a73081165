import type { Connection } from "./listener.ts";

/** Hands accepted connections to `accept()` callers in arrival order. */
export class ConnectionQueue {
  #ready: Connection[] = [];
  #waiting: ((connection: Connection | undefined) => void)[] = [];
  #closed = false;

  /** Queues a connection, or destroys it when the queue is already closed. */
  push(connection: Connection): void {
    if (this.#closed) {
      connection.stream.destroy();
      return;
    }
    const waiter = this.#waiting.shift();
    if (waiter) waiter(connection);
    else this.#ready.push(connection);
  }

  /** Returns the next connection, or undefined once the queue is closed and empty. */
  next(): Promise<Connection | undefined> {
    const ready = this.#ready.shift();
    if (ready) return Promise.resolve(ready);
    if (this.#closed) return Promise.resolve(undefined);
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  /** Closes the queue: waiters get undefined and connections never accepted are destroyed. */
  close(): void {
    this.#closed = true;
    for (const waiter of this.#waiting.splice(0)) waiter(undefined);
    for (const connection of this.#ready.splice(0)) connection.stream.destroy();
  }
}
