/**
 * Starts a child process with glibc's `posix_spawnp`, in a new session whose
 * controlling terminal is a PTY slave. `POSIX_SPAWN_SETSID` (glibc 2.26 and
 * later) makes the child a session leader before the file actions run, and
 * opening the slave without `O_NOCTTY` as a session leader without a terminal
 * makes that slave its controlling terminal. Linux only.
 */

import { cString, O_RDWR } from "./pty.ts";

/** `posix_spawnattr_setflags` bits as glibc defines them. */
const POSIX_SPAWN_SETSIGDEF = 0x04;
const POSIX_SPAWN_SETSIGMASK = 0x08;
const POSIX_SPAWN_SETSID = 0x80;

// glibc's posix_spawn_file_actions_t is 80 bytes, posix_spawnattr_t 336 and
// sigset_t 128 on x86_64 and aarch64; the buffers leave room to spare.
const FILE_ACTIONS_SIZE = 256;
const ATTR_SIZE = 512;
const SIGSET_SIZE = 128;

const SYMBOLS = {
  posix_spawn_file_actions_init: { parameters: ["buffer"], result: "i32" },
  posix_spawn_file_actions_destroy: { parameters: ["buffer"], result: "i32" },
  posix_spawn_file_actions_addopen: {
    parameters: ["buffer", "i32", "buffer", "i32", "u32"],
    result: "i32",
  },
  posix_spawn_file_actions_adddup2: { parameters: ["buffer", "i32", "i32"], result: "i32" },
  posix_spawn_file_actions_addchdir_np: { parameters: ["buffer", "buffer"], result: "i32" },
  posix_spawnattr_init: { parameters: ["buffer"], result: "i32" },
  posix_spawnattr_destroy: { parameters: ["buffer"], result: "i32" },
  posix_spawnattr_setflags: { parameters: ["buffer", "i16"], result: "i32" },
  posix_spawnattr_setsigmask: { parameters: ["buffer", "buffer"], result: "i32" },
  posix_spawnattr_setsigdefault: { parameters: ["buffer", "buffer"], result: "i32" },
  sigemptyset: { parameters: ["buffer"], result: "i32" },
  sigfillset: { parameters: ["buffer"], result: "i32" },
  posix_spawnp: {
    parameters: ["buffer", "buffer", "buffer", "buffer", "buffer", "buffer"],
    result: "i32",
  },
} as const satisfies Deno.ForeignLibraryInterface;

let library: Deno.DynamicLibrary<typeof SYMBOLS> | undefined;

function spawnLibc(): Deno.DynamicLibrary<typeof SYMBOLS>["symbols"] {
  library ??= Deno.dlopen("libc.so.6", SYMBOLS);
  return library.symbols;
}

/** Program, environment and terminal of a {@linkcode spawnOnTerminal} call. */
export interface TerminalSpawnRequest {
  /** Program and arguments; a program without `/` is looked up in this process's PATH. */
  argv: readonly string[];
  /** The complete environment of the child, as `NAME=value` pairs. */
  env: Readonly<Record<string, string>>;
  /** Working directory of the child. */
  cwd: string;
  /** Path of the PTY slave that becomes fds 0, 1 and 2 and the controlling terminal. */
  ttyPath: string;
}

/**
 * Spawns `argv` in a new session with `ttyPath` as its controlling terminal
 * and stdin, stdout and stderr. Signal dispositions are reset to their
 * defaults and the signal mask is cleared, so the child does not inherit
 * Deno's ignored SIGPIPE. Returns the child's pid; throws an Error carrying
 * the errno text when the spawn fails (for example a missing program).
 */
export function spawnOnTerminal(request: TerminalSpawnRequest): number {
  if (request.argv.length === 0) throw new TypeError("Cannot spawn a process: argv is empty.");

  const libc = spawnLibc();
  const fileActions = new Uint8Array(FILE_ACTIONS_SIZE);
  const attr = new Uint8Array(ATTR_SIZE);
  const signals = new Uint8Array(SIGSET_SIZE);
  const tty = cString(request.ttyPath);
  const cwd = cString(request.cwd);
  const argv = cStringArray(request.argv);
  const envp = cStringArray(Object.entries(request.env).map(([name, value]) => `${name}=${value}`));
  const pid = new Int32Array(1);

  check(libc.posix_spawn_file_actions_init(fileActions), "posix_spawn_file_actions_init");
  check(libc.posix_spawnattr_init(attr), "posix_spawnattr_init");
  try {
    check(libc.posix_spawn_file_actions_addchdir_np(fileActions, cwd), "addchdir_np");
    check(libc.posix_spawn_file_actions_addopen(fileActions, 0, tty, O_RDWR, 0), "addopen");
    check(libc.posix_spawn_file_actions_adddup2(fileActions, 0, 1), "adddup2");
    check(libc.posix_spawn_file_actions_adddup2(fileActions, 0, 2), "adddup2");

    libc.sigemptyset(signals);
    check(libc.posix_spawnattr_setsigmask(attr, signals), "setsigmask");
    libc.sigfillset(signals);
    check(libc.posix_spawnattr_setsigdefault(attr, signals), "setsigdefault");
    const flags = POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF;
    check(libc.posix_spawnattr_setflags(attr, flags), "setflags");

    const program = cString(request.argv[0]);
    const result = libc.posix_spawnp(pid, program, fileActions, attr, argv.table, envp.table);
    if (result !== 0) {
      throw new Error(
        `Cannot start "${request.argv[0]}" in "${request.cwd}" on ${request.ttyPath}: ${
          errnoText(result)
        }.`,
      );
    }
    return pid[0];
  } finally {
    libc.posix_spawn_file_actions_destroy(fileActions);
    libc.posix_spawnattr_destroy(attr);
    // The C strings must stay alive until posix_spawnp has returned.
    argv.strings.length = 0;
    envp.strings.length = 0;
  }
}

/** Builds a NULL-terminated `char *[]` and keeps the buffers its pointers point into. */
function cStringArray(values: readonly string[]) {
  const strings = values.map(cString);
  const table = new BigUint64Array(strings.length + 1);
  strings.forEach((value, index) => {
    table[index] = BigInt(Deno.UnsafePointer.value(Deno.UnsafePointer.of(value)));
  });
  return { table, strings };
}

function check(result: number, step: string): void {
  if (result !== 0) throw new Error(`Cannot prepare the PTY child: ${step} failed (${result}).`);
}

const ERRNO_TEXT: Record<number, string> = {
  1: "operation not permitted (EPERM)",
  2: "no such file or directory (ENOENT)",
  7: "argument list too long (E2BIG)",
  8: "exec format error (ENOEXEC)",
  12: "out of memory (ENOMEM)",
  13: "permission denied (EACCES)",
  20: "not a directory (ENOTDIR)",
};

function errnoText(code: number): string {
  return ERRNO_TEXT[code] ?? `errno ${code}`;
}
