/**
 * Winsock bindings through `Deno.dlopen`, opened on first use, for Hyper-V
 * sockets (AF_HYPERV), which no Deno or Node API can open. Calls that block
 * (accept, connect, recv, send) are declared `nonblocking: true` so they run
 * on a worker thread.
 *
 * NOTE: written against the Winsock documentation and type-checked, but no
 * test has run these bindings, because the test machines run Linux.
 */

/** Address family of Hyper-V sockets. */
export const AF_HYPERV = 34;
/** The only Hyper-V socket protocol (HV_PROTOCOL_RAW). */
export const HV_PROTOCOL_RAW = 1;
export const SOCK_STREAM = 1;
export const SOL_SOCKET = 0xffff;
export const SO_ERROR = 0x1007;
export const SD_SEND = 1;
export const SD_BOTH = 2;
/** `INVALID_SOCKET`, `~0` as a 64-bit SOCKET handle. */
export const INVALID_SOCKET = 0xffff_ffff_ffff_ffffn;
/** `SOCKET_ERROR`, the failure result of most calls. */
export const SOCKET_ERROR = -1;
export const WSAEAFNOSUPPORT = 10047;

const SYMBOLS = {
  WSAStartup: { parameters: ["u16", "buffer"], result: "i32" },
  WSAGetLastError: { parameters: [], result: "i32" },
  socket: { parameters: ["i32", "i32", "i32"], result: "usize" },
  bind: { parameters: ["usize", "buffer", "i32"], result: "i32" },
  listen: { parameters: ["usize", "i32"], result: "i32" },
  accept: { parameters: ["usize", "buffer", "buffer"], result: "usize", nonblocking: true },
  connect: { parameters: ["usize", "buffer", "i32"], result: "i32", nonblocking: true },
  recv: { parameters: ["usize", "buffer", "i32", "i32"], result: "i32", nonblocking: true },
  send: { parameters: ["usize", "buffer", "i32", "i32"], result: "i32", nonblocking: true },
  getsockopt: { parameters: ["usize", "i32", "i32", "buffer", "buffer"], result: "i32" },
  shutdown: { parameters: ["usize", "i32"], result: "i32" },
  closesocket: { parameters: ["usize"], result: "i32" },
} as const satisfies Deno.ForeignLibraryInterface;

/** The Winsock symbols EGS calls. */
export type Ws2Symbols = Deno.DynamicLibrary<typeof SYMBOLS>["symbols"];

let library: Deno.DynamicLibrary<typeof SYMBOLS> | undefined;

/** Opens ws2_32.dll and initializes Winsock 2.2 on first use; throws on other systems. */
export function ws2(): Ws2Symbols {
  if (library === undefined) {
    if (Deno.build.os !== "windows") {
      throw new Error(`The Winsock bindings are Windows-only; this is ${Deno.build.os}.`);
    }
    const opened = Deno.dlopen("ws2_32.dll", SYMBOLS);
    const data = new Uint8Array(512);
    const result = opened.symbols.WSAStartup(0x0202, data);
    if (result !== 0) {
      opened.close();
      throw new Error(`WSAStartup failed with error ${result}.`);
    }
    library = opened;
  }
  return library.symbols;
}

/** Converts a SOCKET result to a bigint handle, or undefined for INVALID_SOCKET. */
export function socketHandle(result: number | bigint): bigint | undefined {
  const handle = BigInt(result);
  return handle === INVALID_SOCKET ? undefined : handle;
}

/** Returns the pending error of a socket (`SO_ERROR`); WSAGetLastError is thread-local. */
export function socketError(socket: bigint): number {
  const value = new Uint8Array(4);
  const length = new Uint8Array(4);
  new DataView(length.buffer).setInt32(0, 4, true);
  if (ws2().getsockopt(socket, SOL_SOCKET, SO_ERROR, value, length) !== 0) {
    return ws2().WSAGetLastError();
  }
  return new DataView(value.buffer).getInt32(0, true);
}

/** A failed Winsock call with its error code, for example 10061 (WSAECONNREFUSED). */
export class WinsockError extends Error {
  /** The WSA error code. */
  readonly code: number;

  constructor(call: string, code: number, detail = "") {
    super(`${call}${detail ? ` ${detail}` : ""} failed with Winsock error ${code}.`);
    this.name = "WinsockError";
    this.code = code;
  }
}
