/**
 * A pool file opened through libc and locked the way hv_kvp_daemon locks it:
 * a whole-file `fcntl` record lock, `F_WRLCK` for read-modify-write and
 * `F_RDLCK` for reads, waited for with `F_SETLKW` on a worker thread.
 *
 * The file is opened with libc and not with Deno.open because POSIX record
 * locks belong to the process and are dropped when any descriptor of the file
 * closes. All I/O therefore goes through this one descriptor.
 */

import {
  check,
  cString,
  errno,
  F_RDLCK,
  F_SETLK,
  F_SETLKW,
  F_UNLCK,
  F_WRLCK,
  libc,
  LibcError,
  O_CLOEXEC,
  O_CREAT,
  O_RDONLY,
  O_RDWR,
  SEEK_END,
} from "../../ffi/libc.ts";

/** File mode of pool files EGS writes: the external pool can carry keys and user-data. */
export const POOL_FILE_MODE = 0o600;

/** An open, locked pool file. */
export interface LockedPoolFile {
  /** Reads the whole file. */
  readAll(): Uint8Array<ArrayBuffer>;
  /** Replaces the whole content: writes `bytes` at offset 0 and truncates to their length. */
  replace(bytes: Uint8Array<ArrayBuffer>): void;
}

/** Builds the `struct flock` for a whole-file lock (x86_64 and aarch64 layout, 32 bytes). */
export function buildFlock(type: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(32);
  const view = new DataView(bytes.buffer);
  view.setInt16(0, type, true); // l_type
  view.setInt16(2, 0, true); // l_whence = SEEK_SET
  view.setBigInt64(8, 0n, true); // l_start
  view.setBigInt64(16, 0n, true); // l_len = 0: to the end of the file, however it grows
  return bytes;
}

/**
 * Opens `path`, waits for the lock, runs `work` and unlocks. For "write" the
 * file is created with mode 0600 and set to 0600. For "read" a missing file
 * returns undefined without calling `work`.
 */
export async function withLockedPoolFile<T>(
  path: string,
  access: "read" | "write",
  work: (file: LockedPoolFile) => T,
): Promise<T | undefined> {
  const flags = access === "write" ? O_RDWR | O_CREAT | O_CLOEXEC : O_RDONLY | O_CLOEXEC;
  const fd = libc().open(cString(path), flags, POOL_FILE_MODE);
  if (fd < 0) {
    const code = errno();
    if (access === "read" && code === 2) return undefined;
    throw new LibcError("open", code, `of KVP pool file ${path}`);
  }
  try {
    await lock(fd, access === "write" ? F_WRLCK : F_RDLCK, path);
    try {
      if (access === "write") check("fchmod", libc().fchmod(fd, POOL_FILE_MODE), `of ${path}`);
      return work(poolFile(fd, path));
    } finally {
      libc().fcntl_lock(fd, F_SETLK, buildFlock(F_UNLCK));
    }
  } finally {
    libc().close(fd);
  }
}

async function lock(fd: number, type: number, path: string): Promise<void> {
  const request = buildFlock(type);
  // The first attempt runs on the main thread, where errno is readable. The
  // wait runs on a worker thread, so the event loop keeps running meanwhile.
  if (libc().fcntl_lock(fd, F_SETLK, request) === 0) return;
  for (let attempt = 0; attempt < 100; attempt++) {
    if ((await libc().fcntl_lock_wait(fd, F_SETLKW, request)) === 0) return;
    // F_SETLKW fails with EINTR on a signal, or with EDEADLK. errno lives on the
    // worker thread, so F_SETLK is tried again to learn whether the lock is free.
    if (libc().fcntl_lock(fd, F_SETLK, request) === 0) return;
  }
  throw new LibcError("fcntl(F_SETLKW)", errno(), `lock of KVP pool file ${path}`);
}

function poolFile(fd: number, path: string): LockedPoolFile {
  return {
    readAll() {
      const size = Number(check("lseek", libc().lseek(fd, 0n, SEEK_END), path));
      const bytes = new Uint8Array(size);
      let offset = 0;
      while (offset < size) {
        const count = check(
          "pread",
          libc().pread(fd, bytes.subarray(offset), BigInt(size - offset), BigInt(offset)),
          path,
        );
        if (count === 0) break;
        offset += count;
      }
      return bytes.subarray(0, offset);
    },
    replace(bytes) {
      let offset = 0;
      while (offset < bytes.length) {
        offset += check(
          "pwrite",
          libc().pwrite(fd, bytes.subarray(offset), BigInt(bytes.length - offset), BigInt(offset)),
          path,
        );
      }
      check("ftruncate", libc().ftruncate(fd, BigInt(bytes.length)), path);
    },
  };
}
