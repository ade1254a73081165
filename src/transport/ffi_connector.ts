/** A Connector on sockets opened through libc: vsock from a Linux host, and unix sockets for tests. */

import type { Duplex } from "node:stream";
import { AF_UNIX, AF_VSOCK } from "../../ffi/libc.ts";
import { connectSocket } from "./ffi_socket.ts";
import { FdStream } from "./fd_stream.ts";
import type { Connector } from "./listener.ts";
import { buildSockaddrUn, buildSockaddrVm, type VsockAddress } from "./sockaddr.ts";

/** Connects through libc to a vsock CID and port, or to a unix socket path. */
export class FfiConnector implements Connector {
  readonly address: string;
  #family: number;
  #sockaddr: { bytes: Uint8Array<ArrayBuffer>; length: number };

  private constructor(
    address: string,
    family: number,
    sockaddr: { bytes: Uint8Array<ArrayBuffer>; length: number },
  ) {
    this.address = address;
    this.#family = family;
    this.#sockaddr = sockaddr;
  }

  /** Returns a connector for vsock `cid`:`port`, for example a guest's CID and port 5002. */
  static vsock(target: VsockAddress): FfiConnector {
    const bytes = buildSockaddrVm(target);
    return new FfiConnector(`vsock:${target.cid}:${target.port}`, AF_VSOCK, {
      bytes,
      length: bytes.length,
    });
  }

  /** Returns a connector for a unix socket path, opened through libc. */
  static unix(path: string): FfiConnector {
    return new FfiConnector(`unix-ffi:${path}`, AF_UNIX, buildSockaddrUn(path));
  }

  async connect(): Promise<Duplex> {
    const { bytes, length } = this.#sockaddr;
    const fd = await connectSocket(this.#family, bytes, length, this.address);
    return new FdStream(fd);
  }
}
