/** Unix-socket and TCP listeners on `node:net`, used for tests, development and the relay. */

import { createServer, type Server, type Socket } from "node:net";
import { ConnectionQueue } from "./_connection_queue.ts";
import { type Connection, iterateStreams, type Listener } from "./listener.ts";
import { removeStaleSocket } from "./stale_socket.ts";

/** Bind address of a {@linkcode NetListener}: a unix socket path, or a TCP host and port. */
export type NetAddress = { path: string } | { host: string; port: number };

/** A Listener backed by a `node:net` server. */
export class NetListener implements Listener {
  readonly address: string;
  #server: Server;
  #queue = new ConnectionQueue();
  #path: string | undefined;

  private constructor(server: Server, address: string, path: string | undefined) {
    this.#server = server;
    this.address = address;
    this.#path = path;
    server.on("connection", (socket: Socket) => {
      this.#queue.push({ stream: socket, peer: describePeer(socket, address) });
    });
  }

  /**
   * Binds and listens. A stale unix socket file at the path is removed first;
   * any other file there makes this throw.
   */
  static async listen(where: NetAddress): Promise<NetListener> {
    if ("path" in where) await removeStaleSocket(where.path);
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      const done = () => {
        server.off("error", reject);
        resolve();
      };
      if ("path" in where) server.listen({ path: where.path }, done);
      else server.listen({ host: where.host, port: where.port }, done);
    }).catch((error: Error) => {
      throw new Error(`Cannot listen on ${formatNetAddress(where)}: ${error.message}`, {
        cause: error,
      });
    });
    const bound = server.address();
    const address = "path" in where ? `unix:${where.path}` : formatNetAddress({
      host: where.host,
      port: typeof bound === "object" && bound ? bound.port : where.port,
    });
    return new NetListener(server, address, "path" in where ? where.path : undefined);
  }

  accept(): Promise<Connection | undefined> {
    return this.#queue.next();
  }

  async close(): Promise<void> {
    this.#queue.close();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
    if (this.#path !== undefined) await Deno.remove(this.#path).catch(() => {});
  }

  [Symbol.asyncIterator](): AsyncIterator<import("node:stream").Duplex> {
    return iterateStreams(this);
  }
}

/** Formats a NetAddress in listen-spec form (`unix:/path`, `tcp:HOST:PORT`, `tcp:[::1]:PORT`). */
export function formatNetAddress(where: NetAddress): string {
  if ("path" in where) return `unix:${where.path}`;
  const host = where.host.includes(":") ? `[${where.host}]` : where.host;
  return `tcp:${host}:${where.port}`;
}

function describePeer(socket: Socket, listenAddress: string): string {
  if (socket.remoteAddress === undefined || socket.remotePort === undefined) {
    return `${listenAddress} (peer)`;
  }
  return formatNetAddress({ host: socket.remoteAddress, port: socket.remotePort });
}
