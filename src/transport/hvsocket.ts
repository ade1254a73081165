/**
 * Hyper-V sockets (AF_HYPERV) on Windows: the guest listener, bound to the
 * parent partition and the EGS service id, and the host-side connector, which
 * dials a VM id and service id.
 *
 * NOTE: type-checked only. No test has run this code, because the test
 * machines run Linux. The address layout is tested in sockaddr_test.ts.
 */

import type { Duplex } from "node:stream";
import {
  AF_HYPERV,
  HV_PROTOCOL_RAW,
  SOCK_STREAM,
  socketError,
  socketHandle,
  WinsockError,
  ws2,
  WSAEAFNOSUPPORT,
} from "../../ffi/ws2_32.ts";
import { getLogger } from "../log/logging.ts";
import { HvSocketStream } from "./hvsocket_stream.ts";
import { type Connection, type Connector, iterateStreams, type Listener } from "./listener.ts";
import {
  buildSockaddrHv,
  type HvSocketAddress,
  parseSockaddrHv,
  SOCKADDR_HV_SIZE,
} from "./sockaddr.ts";

const log = getLogger("transport", "hvsocket");

const BACKLOG = 16;

/** A Listener on a Hyper-V socket. */
export class HvSocketListener implements Listener {
  readonly address: string;
  #socket: bigint;
  #closed = false;

  private constructor(socket: bigint, address: string) {
    this.#socket = socket;
    this.address = address;
  }

  /** Binds to `address` (normally the parent VM id and the EGS service id) and listens. */
  static listen(address: HvSocketAddress): HvSocketListener {
    const display = `hvsocket:${address.vmId}:${address.serviceId}`;
    const socket = openHvSocket(display);
    const sockaddr = buildSockaddrHv(address);
    if (
      ws2().bind(socket, sockaddr, sockaddr.length) !== 0 || ws2().listen(socket, BACKLOG) !== 0
    ) {
      const code = ws2().WSAGetLastError();
      ws2().closesocket(socket);
      throw new WinsockError("bind/listen", code, `on ${display}`);
    }
    return new HvSocketListener(socket, display);
  }

  async accept(): Promise<Connection | undefined> {
    if (this.#closed) return undefined;
    const peerAddress = new Uint8Array(SOCKADDR_HV_SIZE);
    const length = new Uint8Array(4);
    new DataView(length.buffer).setInt32(0, peerAddress.length, true);
    const accepted = socketHandle(await ws2().accept(this.#socket, peerAddress, length));
    if (this.#closed) {
      if (accepted !== undefined) ws2().closesocket(accepted);
      return undefined;
    }
    if (accepted === undefined) {
      throw new WinsockError("accept", socketError(this.#socket), `on ${this.address}`);
    }
    const { vmId, serviceId } = parseSockaddrHv(peerAddress);
    const peer = `hvsocket:${vmId}:${serviceId}`;
    log.debug("Accepted {peer} on {address}.", { peer, address: this.address });
    return { stream: new HvSocketStream(accepted), peer };
  }

  close(): Promise<void> {
    if (!this.#closed) {
      this.#closed = true;
      // Closing the listening socket makes a pending accept return an error.
      ws2().closesocket(this.#socket);
    }
    return Promise.resolve();
  }

  [Symbol.asyncIterator](): AsyncIterator<Duplex> {
    return iterateStreams(this);
  }
}

/** A Connector that dials a VM's Hyper-V socket service from the host. */
export class HvSocketConnector implements Connector {
  readonly address: string;
  #target: HvSocketAddress;

  constructor(target: HvSocketAddress) {
    this.#target = target;
    this.address = `hvsocket:${target.vmId}:${target.serviceId}`;
  }

  async connect(): Promise<Duplex> {
    const socket = openHvSocket(this.address);
    const sockaddr = buildSockaddrHv(this.#target);
    if ((await ws2().connect(socket, sockaddr, sockaddr.length)) !== 0) {
      const code = socketError(socket);
      ws2().closesocket(socket);
      throw new WinsockError("connect", code, `to ${this.address}`);
    }
    return new HvSocketStream(socket);
  }
}

function openHvSocket(display: string): bigint {
  const socket = socketHandle(ws2().socket(AF_HYPERV, SOCK_STREAM, HV_PROTOCOL_RAW));
  if (socket !== undefined) return socket;
  const code = ws2().WSAGetLastError();
  if (code === WSAEAFNOSUPPORT) {
    throw new Error(
      `Cannot open ${display}: this Windows has no Hyper-V socket support (WSAEAFNOSUPPORT); ` +
        `Hyper-V sockets need Windows 10 or Windows Server 2016 or later.`,
    );
  }
  throw new WinsockError("socket", code, `for ${display}`);
}
