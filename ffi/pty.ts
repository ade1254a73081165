/**
 * glibc bindings for pseudo-terminals: opening the master, the slave's name,
 * window size, terminal attributes, nonblocking master I/O, signals and
 * `waitpid`. The library is opened on first use, so importing this module
 * costs nothing for commands that never start a PTY. Linux only (x86_64 and
 * aarch64 share every constant used here).
 *
 * Every call here is synchronous and returns at once: the master is
 * nonblocking, `waitpid` is called with `WNOHANG`, and the waits for readiness
 * and for the child's exit (through a pidfd) go through the shared poller in
 * `fd_poller.ts`. A blocking call would hold one of the runtime's few FFI
 * worker threads for as long as the terminal stays open. errno is
 * thread-local, so {@linkcode errno} is only meaningful right after a call.
 */

/** `open(2)` flags used for the PTY master and slave. */
export const O_RDWR = 0o2;
export const O_NOCTTY = 0o400;
export const O_NONBLOCK = 0o4000;
export const O_CLOEXEC = 0o2000000;

/** `fcntl(2)` commands. */
export const F_GETFL = 3;
export const F_SETFL = 4;

/** `ioctl(2)` request that sets the window size and sends SIGWINCH to the foreground group. */
export const TIOCSWINSZ = 0x5414;

/** `poll(2)` events. */
export const POLLIN = 0x1;
export const POLLOUT = 0x4;
export const POLLERR = 0x8;
export const POLLHUP = 0x10;

/** `waitpid(2)` option that returns 0 at once while the child is still running. */
export const WNOHANG = 1;

/** `pidfd_open(2)` system call number, the same on x86_64 and aarch64. */
export const SYS_PIDFD_OPEN = 434;

/** errno values the PTY code distinguishes. */
export const EINTR = 4;
export const EIO = 5;
export const EAGAIN = 11;
export const ECHILD = 10;

/** `tcsetattr(3)` action that applies the change immediately. */
export const TCSANOW = 0;

/** Size in bytes of glibc's `struct termios` on Linux. */
export const TERMIOS_SIZE = 60;

const SYMBOLS = {
  posix_openpt: { parameters: ["i32"], result: "i32" },
  grantpt: { parameters: ["i32"], result: "i32" },
  unlockpt: { parameters: ["i32"], result: "i32" },
  ptsname_r: { parameters: ["i32", "buffer", "usize"], result: "i32" },
  // ioctl and fcntl are variadic; passing the third argument as a pointer or a
  // 64-bit integer matches the System V calling convention on x86_64 and aarch64.
  ioctl: { parameters: ["i32", "u64", "buffer"], result: "i32" },
  fcntl: { parameters: ["i32", "i32", "i64"], result: "i32" },
  tcgetattr: { parameters: ["i32", "buffer"], result: "i32" },
  tcsetattr: { parameters: ["i32", "i32", "buffer"], result: "i32" },
  read: { parameters: ["i32", "buffer", "usize"], result: "isize" },
  write: { parameters: ["i32", "buffer", "usize"], result: "isize" },
  close: { parameters: ["i32"], result: "i32" },
  kill: { parameters: ["i32", "i32"], result: "i32" },
  waitpid: { parameters: ["i32", "buffer", "i32"], result: "i32" },
  // syscall is variadic; integer arguments travel in the same registers as
  // for a fixed-argument function on x86_64 and aarch64 Linux.
  syscall: { parameters: ["i64", "i64", "i64"], result: "i64" },
  __errno_location: { parameters: [], result: "pointer" },
} as const satisfies Deno.ForeignLibraryInterface;

/** The opened libc symbols for PTY work. */
export type PtyLibc = Deno.DynamicLibrary<typeof SYMBOLS>["symbols"];

let library: Deno.DynamicLibrary<typeof SYMBOLS> | undefined;

/** Opens libc.so.6 on the first call and returns its PTY symbols. */
export function ptyLibc(): PtyLibc {
  library ??= Deno.dlopen("libc.so.6", SYMBOLS);
  return library.symbols;
}

/** Reads the calling thread's errno; valid only right after a synchronous call that failed. */
export function errno(): number {
  const pointer = ptyLibc().__errno_location();
  if (pointer === null) return 0;
  return new Deno.UnsafePointerView(pointer).getInt32();
}

/** Encodes a string as a NUL-terminated C string. */
export function cString(value: string): Uint8Array<ArrayBuffer> {
  const bytes = new TextEncoder().encode(value);
  const buffer = new Uint8Array(bytes.length + 1);
  buffer.set(bytes);
  return buffer;
}

/** Decodes a NUL-terminated C string from a buffer. */
export function fromCString(buffer: Uint8Array): string {
  const end = buffer.indexOf(0);
  return new TextDecoder().decode(end < 0 ? buffer : buffer.subarray(0, end));
}
