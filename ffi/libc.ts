/**
 * glibc bindings through `Deno.dlopen`, opened on first use so that importing
 * this module costs nothing for commands that never touch a raw socket or a
 * pool file. Linux only: Windows code paths use `ws2_32.ts` and `advapi32.ts`.
 *
 * Calls that can block (poll, splice, read, write, waiting for a file lock) are
 * declared `nonblocking: true`, so Deno runs them on a worker thread and the
 * event loop keeps running. errno is thread-local, so it is only meaningful
 * right after a synchronous call. After a worker-thread call, read the
 * socket's `SO_ERROR` instead.
 */

/** Address families, socket types and flags as defined by Linux on x86_64 and aarch64. */
export const AF_UNIX = 1;
export const AF_INET = 2;
export const AF_VSOCK = 40;
export const SOCK_STREAM = 1;
export const SOCK_NONBLOCK = 0o4000;
export const SOCK_CLOEXEC = 0o2000000;
export const SOL_SOCKET = 1;
export const SO_ERROR = 4;
export const SO_SNDBUF = 7;
export const SO_RCVBUF = 8;
export const SHUT_RD = 0;
export const SHUT_WR = 1;
export const SHUT_RDWR = 2;
export const POLLIN = 0x1;
export const POLLOUT = 0x4;
export const F_GETFL = 3;
export const F_SETFL = 4;
export const F_SETLK = 6;
export const F_SETLKW = 7;
export const F_SETPIPE_SZ = 1031;
export const F_RDLCK = 0;
export const F_WRLCK = 1;
export const F_UNLCK = 2;
export const O_RDONLY = 0;
export const O_RDWR = 2;
export const O_CREAT = 0o100;
export const O_NONBLOCK = 0o4000;
export const O_CLOEXEC = 0o2000000;
export const SEEK_END = 2;
export const SPLICE_F_MOVE = 1;
export const SPLICE_F_MORE = 4;
export const EINTR = 4;
export const ENOMEM = 12;
export const ENFILE = 23;
export const EMFILE = 24;
export const EPROTO = 71;
export const ECONNABORTED = 103;
export const ENOBUFS = 105;
export const EAGAIN = 11;
export const EACCES = 13;
export const EINVAL = 22;
export const ENOENT = 2;
export const EAFNOSUPPORT = 97;
export const EINPROGRESS = 115;

const SYMBOLS = {
  socket: { parameters: ["i32", "i32", "i32"], result: "i32" },
  bind: { parameters: ["i32", "buffer", "u32"], result: "i32" },
  listen: { parameters: ["i32", "i32"], result: "i32" },
  accept4: { parameters: ["i32", "buffer", "buffer", "i32"], result: "i32" },
  connect: { parameters: ["i32", "buffer", "u32"], result: "i32" },
  getsockopt: { parameters: ["i32", "i32", "i32", "buffer", "buffer"], result: "i32" },
  setsockopt: { parameters: ["i32", "i32", "i32", "buffer", "u32"], result: "i32" },
  getsockname: { parameters: ["i32", "buffer", "buffer"], result: "i32" },
  shutdown: { parameters: ["i32", "i32"], result: "i32" },
  close: { parameters: ["i32"], result: "i32" },
  // fcntl is variadic. Passing the third argument as a 64-bit integer or a
  // pointer matches the System V calling convention on x86_64 and aarch64.
  fcntl: { parameters: ["i32", "i32", "i64"], result: "i32" },
  fcntl_lock_wait: {
    name: "fcntl",
    parameters: ["i32", "i32", "buffer"],
    result: "i32",
    nonblocking: true,
  },
  fcntl_lock: { name: "fcntl", parameters: ["i32", "i32", "buffer"], result: "i32" },
  pipe2: { parameters: ["buffer", "i32"], result: "i32" },
  poll: { parameters: ["buffer", "u64", "i32"], result: "i32", nonblocking: true },
  splice: {
    parameters: ["i32", "pointer", "i32", "pointer", "usize", "u32"],
    result: "isize",
    nonblocking: true,
  },
  read: { parameters: ["i32", "buffer", "usize"], result: "isize", nonblocking: true },
  write: { parameters: ["i32", "buffer", "usize"], result: "isize", nonblocking: true },
  write_now: { name: "write", parameters: ["i32", "buffer", "usize"], result: "isize" },
  read_now: { name: "read", parameters: ["i32", "buffer", "usize"], result: "isize" },
  open: { parameters: ["buffer", "i32", "u32"], result: "i32" },
  pread: { parameters: ["i32", "buffer", "usize", "i64"], result: "isize" },
  pwrite: { parameters: ["i32", "buffer", "usize", "i64"], result: "isize" },
  pwrite_async: {
    name: "pwrite",
    parameters: ["i32", "buffer", "usize", "i64"],
    result: "isize",
    nonblocking: true,
  },
  ftruncate: { parameters: ["i32", "i64"], result: "i32" },
  fchmod: { parameters: ["i32", "u32"], result: "i32" },
  lseek: { parameters: ["i32", "i64", "i32"], result: "i64" },
  __errno_location: { parameters: [], result: "pointer" },
  strerror: { parameters: ["i32"], result: "pointer" },
} as const satisfies Deno.ForeignLibraryInterface;

/** The symbols of libc that EGS calls. */
export type LibcSymbols = Deno.DynamicLibrary<typeof SYMBOLS>["symbols"];

let library: Deno.DynamicLibrary<typeof SYMBOLS> | undefined;

/** Opens libc on first use and returns its symbols; throws on non-Linux systems. */
export function libc(): LibcSymbols {
  if (library === undefined) {
    if (Deno.build.os !== "linux") {
      throw new Error(`The libc socket bindings are Linux-only; this is ${Deno.build.os}.`);
    }
    library = Deno.dlopen("libc.so.6", SYMBOLS);
  }
  return library.symbols;
}

/** Returns errno of the main thread; valid only right after a synchronous libc call failed. */
export function errno(): number {
  const pointer = libc().__errno_location();
  if (pointer === null) return 0;
  return new Deno.UnsafePointerView(pointer).getInt32();
}

/** Returns libc's text for an errno value, for example "No such file or directory". */
export function strerror(code: number): string {
  const pointer = libc().strerror(code);
  return pointer === null ? `errno ${code}` : Deno.UnsafePointerView.getCString(pointer);
}

/** An errno value from a failed libc call, with the call's name in the message. */
export class LibcError extends Error {
  /** The errno value, for example 2 for ENOENT. */
  readonly code: number;

  constructor(call: string, code: number, detail = "") {
    super(`${call}${detail ? ` ${detail}` : ""} failed: ${strerror(code)} (errno ${code}).`);
    this.name = "LibcError";
    this.code = code;
  }
}

/** Throws a LibcError with the current errno when a synchronous call returned a negative value. */
export function check(call: string, result: number | bigint, detail = ""): number {
  const value = Number(result);
  if (value < 0) throw new LibcError(call, errno(), detail);
  return value;
}

/** Encodes a string as a NUL-terminated C string. */
export function cString(text: string): Uint8Array<ArrayBuffer> {
  const bytes = new TextEncoder().encode(text);
  const buffer = new Uint8Array(bytes.length + 1);
  buffer.set(bytes);
  return buffer;
}
