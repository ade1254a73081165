/**
 * `statvfs(3)` through glibc, for the statvfs@openssh.com extension. Deno has
 * no file system statistics API. The library is opened on first use.
 */

import { NotSupportedError } from "../../errors.ts";

/** File system statistics in the field order of the statvfs@openssh.com reply. */
export interface FileSystemStats {
  blockSize: bigint;
  fragmentSize: bigint;
  blocks: bigint;
  freeBlocks: bigint;
  availableBlocks: bigint;
  files: bigint;
  freeFiles: bigint;
  availableFiles: bigint;
  fileSystemId: bigint;
  flags: bigint;
  maxNameLength: bigint;
}

const SYMBOLS = {
  // Declared nonblocking because statvfs on a network file system can wait on the server.
  statvfs: { parameters: ["buffer", "buffer"], result: "i32", nonblocking: true },
} as const satisfies Deno.ForeignLibraryInterface;

// glibc's struct statvfs on LP64 Linux: eleven 8-byte fields, then six ints of padding.
const STATVFS_SIZE = 112;

let library: Deno.DynamicLibrary<typeof SYMBOLS> | undefined;

/** Returns the statistics of the file system holding `path`; throws on failure. */
export async function statFileSystem(path: string): Promise<FileSystemStats> {
  if (Deno.build.os !== "linux") throw new NotSupportedError("statvfs");
  library ??= Deno.dlopen("libc.so.6", SYMBOLS);

  const name = new TextEncoder().encode(`${path}\0`);
  const buffer = new BigUint64Array(STATVFS_SIZE / 8);
  const result = await library.symbols.statvfs(name, buffer);
  if (result !== 0) throw new Deno.errors.NotFound(`statvfs failed for "${path}".`);

  const [
    blockSize,
    fragmentSize,
    blocks,
    freeBlocks,
    availableBlocks,
    files,
    freeFiles,
    availableFiles,
    fileSystemId,
    flags,
    maxNameLength,
  ] = buffer;
  return {
    blockSize,
    fragmentSize,
    blocks,
    freeBlocks,
    availableBlocks,
    files,
    freeFiles,
    availableFiles,
    fileSystemId,
    flags,
    maxNameLength,
  };
}
