/** A Connector on `node:net`, for unix sockets and TCP. */

import { connect, type Socket } from "node:net";
import type { Duplex } from "node:stream";
import type { Connector } from "./listener.ts";
import { formatNetAddress, type NetAddress } from "./net_listener.ts";

/** Connects to a unix socket path or a TCP host and port. */
export class NetConnector implements Connector {
  readonly address: string;
  #target: NetAddress;

  constructor(target: NetAddress) {
    this.#target = target;
    this.address = formatNetAddress(target);
  }

  async connect(): Promise<Duplex> {
    const target = this.#target;
    const socket: Socket = "path" in target
      ? connect({ path: target.path })
      : connect({ host: target.host, port: target.port });
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("error", reject);
    }).catch((error: Error) => {
      socket.destroy();
      throw new Error(`Cannot connect to ${this.address}: ${error.message}`, { cause: error });
    });
    return socket;
  }
}
