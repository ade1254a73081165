/**
 * The server side of a transport: a source of connections, each a Node
 * `Duplex`, which is what `ssh2`'s `Server.injectSocket()` takes.
 */

import type { Duplex } from "node:stream";

/** One accepted connection. */
export interface Connection {
  /** The byte stream; ending or destroying it closes the connection. */
  stream: Duplex;
  /** The peer's address for logs, for example `vsock:3:1034` or `tcp:127.0.0.1:50322`. */
  peer: string;
}

/**
 * A listening socket. Iterating it yields one stream per connection until the
 * listener is closed. `accept()` returns the same connections with their peer.
 */
export interface Listener extends AsyncIterable<Duplex> {
  /** The bound address in listen-spec form, for example `vsock:5002` or `tcp:127.0.0.1:40111`. */
  readonly address: string;
  /** Waits for the next connection; returns undefined once the listener is closed. */
  accept(): Promise<Connection | undefined>;
  /** Stops listening and wakes a pending `accept()`; open connections stay open. */
  close(): Promise<void>;
}

/** The client side of a transport: opens one connection per call. */
export interface Connector {
  /** The target in connect-spec form, for example `vsock:3:5002`. */
  readonly address: string;
  /** Connects and returns the byte stream; throws an Error naming the address on failure. */
  connect(): Promise<Duplex>;
}

/** Yields the streams of `listener` until it is closed; shared by every Listener. */
export async function* iterateStreams(listener: Listener): AsyncGenerator<Duplex> {
  for (;;) {
    const connection = await listener.accept();
    if (connection === undefined) return;
    yield connection.stream;
  }
}
