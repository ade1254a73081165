/**
 * A Listener on a socket opened through libc: Linux vsock for the guest
 * server, and unix sockets for development and for tests of the same code.
 * Each accepted descriptor becomes an {@linkcode FdStream}.
 */

import type { Duplex } from "node:stream";
import { AF_UNIX, AF_VSOCK, EAFNOSUPPORT, LibcError } from "../../ffi/libc.ts";
import { getLogger } from "../log/logging.ts";
import { acceptSocket, bindAndListen, closeWhenSettled, openStreamSocket } from "./ffi_socket.ts";
import { type Connection, iterateStreams, type Listener } from "./listener.ts";
import {
  buildSockaddrUn,
  buildSockaddrVm,
  parseSockaddrUn,
  parseSockaddrVm,
  VMADDR_CID_ANY,
} from "./sockaddr.ts";
import { FdStream } from "./fd_stream.ts";
import { removeStaleSocket } from "./stale_socket.ts";

const log = getLogger("transport", "ffi");

/** Backlog of FFI listeners; SSH connections arrive one at a time. */
const BACKLOG = 16;

/** A Listener on a raw socket descriptor. */
export class FfiListener implements Listener {
  readonly address: string;
  #fd: number;
  #stop = new AbortController();
  #describePeer: (address: Uint8Array) => string;
  #pending: Promise<unknown> = Promise.resolve();
  #closed = false;
  #path: string | undefined;

  private constructor(
    fd: number,
    address: string,
    describePeer: (address: Uint8Array) => string,
    path?: string,
  ) {
    this.#fd = fd;
    this.address = address;
    this.#describePeer = describePeer;
    this.#path = path;
  }

  /**
   * Listens on vsock `port` for every CID (`VMADDR_CID_ANY`). Throws an Error
   * saying so when the kernel has no vsock support.
   */
  static listenVsock(port: number): FfiListener {
    const display = `vsock:${port}`;
    let fd: number;
    try {
      fd = openStreamSocket(AF_VSOCK);
    } catch (error) {
      if (error instanceof LibcError && error.code === EAFNOSUPPORT) {
        throw new Error(
          `Cannot listen on ${display}: this kernel has no vsock support (socket(AF_VSOCK) ` +
            `failed with EAFNOSUPPORT). Load the hv_sock or vmw_vsock_virtio_transport module, ` +
            `or listen on a unix or tcp address.`,
          { cause: error },
        );
      }
      throw error;
    }
    bindAndListen(fd, buildSockaddrVm({ cid: VMADDR_CID_ANY, port }), 16, BACKLOG, display);
    return new FfiListener(fd, display, (peer) => {
      const { cid, port: peerPort } = parseSockaddrVm(peer);
      return `vsock:${cid}:${peerPort}`;
    });
  }

  /** Listens on a unix socket opened through libc; a stale socket file is removed first. */
  static async listenUnix(path: string): Promise<FfiListener> {
    const display = `unix-ffi:${path}`;
    await removeStaleSocket(path);
    const fd = openStreamSocket(AF_UNIX);
    const { bytes, length } = buildSockaddrUn(path);
    bindAndListen(fd, bytes, length, BACKLOG, display);
    return new FfiListener(fd, display, (peer) => {
      const name = peer.length > 2 ? parseSockaddrUn(peer) : "";
      return name ? `unix:${name}` : `${display} (peer)`;
    }, path);
  }

  async accept(): Promise<Connection | undefined> {
    const next = this.#pending.then(() => this.#acceptOne());
    this.#pending = next.catch(() => {});
    return await next;
  }

  async #acceptOne(): Promise<Connection | undefined> {
    if (this.#closed) return undefined;
    const accepted = await acceptSocket(this.#fd, this.#stop.signal);
    if (accepted === undefined) return undefined;
    const peer = this.#describePeer(accepted.address);
    log.debug("Accepted {peer} on {address}.", { peer, address: this.address });
    const stream = new FdStream(accepted.fd);
    return { stream, peer };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#stop.abort();
    await this.#pending;
    await closeWhenSettled(this.#fd);
    if (this.#path !== undefined) await Deno.remove(this.#path).catch(() => {});
  }

  [Symbol.asyncIterator](): AsyncIterator<Duplex> {
    return iterateStreams(this);
  }
}
