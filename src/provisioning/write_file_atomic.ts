/**
 * Atomic file replacement for state.json and the semaphore files: a reader
 * sees either the old content or the new one, never a partial file, even when
 * the machine loses power in between.
 */

import { basename, dirname, join } from "../path/path.ts";

/** Options of {@linkcode writeFileAtomic}. */
export interface AtomicWriteOptions {
  /** File mode of the new file; 0o600 when unset, because state may name users and paths. */
  mode?: number;
  /** Renames the temporary file into place; tests pass one that fails to simulate a crash. */
  rename?: (from: string, to: string) => Promise<void>;
}

/**
 * Writes `data` to a temporary file in the target's directory, flushes it to
 * disk, then renames it over `path`. Creates missing parent directories. On
 * failure the temporary file is removed and the old file is left as it was.
 */
export async function writeFileAtomic(
  path: string,
  data: Uint8Array | string,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const directory = dirname(path);
  await Deno.mkdir(directory, { recursive: true });

  const temporary = join(directory, `.${basename(path)}.${crypto.randomUUID()}.tmp`);
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  const rename = options.rename ?? Deno.rename;

  try {
    await writeAndSync(temporary, bytes, options.mode ?? 0o600);
    await rename(temporary, path);
  } catch (error) {
    await Deno.remove(temporary).catch(() => {});
    throw error;
  }

  await syncDirectory(directory);
}

async function writeAndSync(path: string, bytes: Uint8Array, mode: number): Promise<void> {
  const file = await Deno.open(path, { write: true, createNew: true, mode });
  try {
    let written = 0;
    while (written < bytes.length) {
      written += await file.write(bytes.subarray(written));
    }
    await file.sync();
  } finally {
    file.close();
  }
}

/** Flushes the rename itself; file systems and OSes that cannot open a directory skip it. */
async function syncDirectory(directory: string): Promise<void> {
  let handle: Deno.FsFile | undefined;
  try {
    handle = await Deno.open(directory, { read: true });
    await handle.sync();
  } catch {
    // Windows cannot open a directory as a file; NTFS journals the rename itself.
  } finally {
    handle?.close();
  }
}
