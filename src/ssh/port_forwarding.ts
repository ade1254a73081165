/**
 * Port forwarding for one connection: `direct-tcpip` channels (`ssh -L`) and
 * `tcpip-forward` requests (`ssh -R`). The server registers these handlers
 * only when forwarding is enabled and the key allows it, so otherwise ssh2
 * replies with "administratively prohibited", as sshd does. Remote forwards
 * listen on loopback only, like sshd with `GatewayPorts no`.
 */

import { connect, createServer, type Server, type Socket } from "node:net";
import type { Duplex } from "node:stream";
import type { Connection, ServerChannel, TcpipBindInfo, TcpipRequestInfo } from "ssh2";
import type { Logger } from "../log/logging.ts";
import { type KeyRestrictions, permitsOpen } from "./key_restrictions.ts";

/** Handles the forwarding requests of one authenticated connection. */
export class PortForwarding {
  #client: Connection;
  #restrictions: KeyRestrictions;
  #logger: Logger;
  #listeners = new Map<string, Server>();
  #openChannels = 0;
  #onUsageChange: () => void;

  /**
   * Registers the `tcpip` and `request` handlers on `client`. `onUsageChange`
   * runs whenever {@linkcode inUse} may have changed.
   */
  constructor(
    client: Connection,
    restrictions: KeyRestrictions,
    logger: Logger,
    onUsageChange: () => void = () => {},
  ) {
    this.#client = client;
    this.#restrictions = restrictions;
    this.#logger = logger;
    this.#onUsageChange = onUsageChange;
    client.on("tcpip", (accept, reject, info) => this.#openDirect(accept, reject, info));
    client.on("request", (accept, reject, name, info) => {
      if (name === "tcpip-forward") this.#listen(accept, reject, info as TcpipBindInfo);
      else if (name === "cancel-tcpip-forward") this.#cancel(accept, reject, info as TcpipBindInfo);
      else reject?.();
    });
  }

  /** Tells whether a forwarded channel is open or a remote forward is listening. */
  get inUse(): boolean {
    return this.#openChannels > 0 || this.#listeners.size > 0;
  }

  /** Stops every remote-forward listener of the connection. */
  close(): void {
    for (const server of this.#listeners.values()) server.close();
    this.#listeners.clear();
  }

  #openDirect(accept: () => ServerChannel, reject: () => void, info: TcpipRequestInfo): void {
    const destination = `${info.destIP}:${info.destPort}`;
    if (!permitsOpen(this.#restrictions, info.destIP, info.destPort)) {
      // NOTE: ssh2 sends this rejection as "connect failed", where sshd sends "administratively prohibited".
      this.#logger.warn("Rejected forwarding to {destination}: not in the key's permitopen list", {
        destination,
      });
      return reject();
    }

    const socket = connect({ host: info.destIP, port: info.destPort });
    socket.once("connect", () => {
      this.#logger.info("Forwarding to {destination}", { destination });
      this.#track(accept(), socket);
    });
    socket.once("error", (error) => {
      if (socket.connecting) {
        this.#logger.warn("Cannot forward to {destination}: {error}", {
          destination,
          error: error.message,
        });
        reject();
      }
    });
  }

  #listen(
    accept: ((port?: number) => void) | undefined,
    reject: (() => void) | undefined,
    info: TcpipBindInfo,
  ): void {
    const host = bindHost(info.bindAddr);
    const server = createServer((socket) => this.#forwardIncoming(info.bindAddr, server, socket));
    server.once("error", (error) => {
      this.#logger.warn("Cannot listen for remote forwarding on {host}:{port}: {error}", {
        host,
        port: info.bindPort,
        error: error.message,
      });
      reject?.();
    });
    server.listen({ host, port: info.bindPort }, () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : info.bindPort;
      this.#listeners.set(`${info.bindAddr}:${info.bindPort === 0 ? port : info.bindPort}`, server);
      this.#logger.info("Listening on {host}:{port} for remote forwarding", { host, port });
      accept?.(port);
      this.#onUsageChange();
    });
  }

  #forwardIncoming(bindAddr: string, server: Server, socket: Socket): void {
    const address = server.address();
    const port = typeof address === "object" && address !== null ? address.port : 0;
    this.#client.forwardOut(
      bindAddr,
      port,
      socket.remoteAddress ?? "127.0.0.1",
      socket.remotePort ?? 0,
      (error, channel) => {
        if (error) {
          this.#logger.warn("The client rejected a forwarded connection on port {port}: {error}", {
            port,
            error: error.message,
          });
          socket.destroy();
          return;
        }
        this.#track(channel, socket);
      },
    );
  }

  #cancel(accept: (() => void) | undefined, reject: (() => void) | undefined, info: TcpipBindInfo) {
    const key = `${info.bindAddr}:${info.bindPort}`;
    const server = this.#listeners.get(key);
    if (server === undefined) return reject?.();
    server.close();
    this.#listeners.delete(key);
    accept?.();
    this.#onUsageChange();
  }

  #track(channel: Duplex, socket: Socket): void {
    this.#openChannels++;
    this.#onUsageChange();
    join(channel, socket);
    socket.once("close", () => {
      this.#openChannels--;
      this.#onUsageChange();
    });
  }
}

/** Maps the client's bind address to loopback: `localhost`, empty and wildcards bind 127.0.0.1. */
function bindHost(bindAddr: string): string {
  return bindAddr === "::1" || bindAddr === "[::1]" ? "::1" : "127.0.0.1";
}

function join(channel: Duplex, socket: Socket): void {
  channel.pipe(socket).on("error", () => {});
  socket.pipe(channel).on("error", () => {});
  const destroyBoth = () => {
    socket.destroy();
    channel.destroy();
  };
  socket.once("error", destroyBoth);
  socket.once("close", () => channel.end());
  channel.once("error", destroyBoth);
  channel.once("close", () => socket.destroy());
}
