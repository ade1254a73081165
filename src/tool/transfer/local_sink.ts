/**
 * The local file a download writes into. Deno's `FsFile.write` runs on the
 * JavaScript thread, where it took about a sixth of a 512 MiB download's
 * busy time. So on Linux the sink writes with `pwrite` through FFI on a
 * worker thread while the main thread decrypts the next packets. Elsewhere
 * it uses `Deno.FsFile`.
 *
 * Both open the file without truncating it (see `sftp_pipeline.ts`) and
 * create it with mode 0600 until the transfer sets the source's mode.
 */

import { errno, libc, O_CLOEXEC, O_CREAT, strerror } from "../../../ffi/libc.ts";

/** A file written at increasing offsets. */
export interface LocalSink {
  /** Writes all of `data` at `position`. */
  write(data: Uint8Array, position: number): Promise<void>;
  /** Cuts the file to `size` bytes. */
  truncate(size: number): Promise<void>;
  close(): void;
}

const O_WRONLY = 1;

/** errno values named the way Node names file-system errors, for the messages of `copy_file.ts`. */
const ERRNO_CODES: Record<number, string> = {
  1: "EPERM",
  2: "ENOENT",
  13: "EACCES",
  21: "EISDIR",
  28: "ENOSPC",
};

function fileError(call: string, path: string, code: number): Error {
  return Object.assign(new Error(`${call} ${path}: ${strerror(code)}`), {
    code: ERRNO_CODES[code] ?? `errno ${code}`,
  });
}

/** Opens `path` for writing, creating it when missing. */
export function openLocalSink(path: string): Promise<LocalSink> {
  if (Deno.build.os === "linux") {
    try {
      return Promise.resolve(openFfiSink(path));
    } catch (error) {
      return Promise.reject(error);
    }
  }
  return openFileSink(path);
}

function openFfiSink(path: string): LocalSink {
  const symbols = libc();
  const fd = symbols.open(
    new TextEncoder().encode(`${path}\0`),
    O_WRONLY | O_CREAT | O_CLOEXEC,
    0o600,
  );
  if (fd < 0) throw fileError("open", path, errno());
  let closed = false;

  return {
    async write(data, position) {
      for (let done = 0; done < data.length;) {
        const view = data.subarray(done);
        let count = Number(
          await symbols.pwrite_async(fd, view, BigInt(view.length), BigInt(position + done)),
        );
        // errno of a worker-thread call cannot be read here. Writing the same
        // bytes again at the same offset on this thread is harmless and yields it.
        if (count < 0) {
          count = Number(symbols.pwrite(fd, view, BigInt(view.length), BigInt(position + done)));
        }
        if (count < 0) throw fileError("write", path, errno());
        done += count;
      }
    },
    truncate(size) {
      if (symbols.ftruncate(fd, BigInt(size)) !== 0) {
        return Promise.reject(fileError("truncate", path, errno()));
      }
      return Promise.resolve();
    },
    close() {
      if (closed) return;
      closed = true;
      symbols.close(fd);
    },
  };
}

async function openFileSink(path: string): Promise<LocalSink> {
  const file = await Deno.open(path, { write: true, create: true, mode: 0o600 });
  let offset = 0;
  return {
    async write(data, position) {
      if (position !== offset) {
        await file.seek(position, Deno.SeekMode.Start);
        offset = position;
      }
      for (let done = 0; done < data.length;) done += await file.write(data.subarray(done));
      offset += data.length;
    },
    truncate: (size) => file.truncate(size),
    close: () => file.close(),
  };
}
