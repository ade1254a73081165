/**
 * Random-access reads from an image file or a block device, so the ISO 9660
 * reader never needs a mount.
 */

/** Bytes of a file or device, read at absolute offsets. */
export interface BlockSource {
  /** Reads `length` bytes at `offset`; a range past the end returns fewer bytes. */
  read(offset: number, length: number): Promise<Uint8Array>;
  close(): void;
}

/** Opens a file or device read-only as a {@linkcode BlockSource}. */
export async function openBlockSource(path: string): Promise<BlockSource> {
  const file = await Deno.open(path, { read: true });
  return {
    async read(offset, length) {
      await file.seek(offset, Deno.SeekMode.Start);
      const buffer = new Uint8Array(length);
      let filled = 0;
      while (filled < length) {
        const count = await file.read(buffer.subarray(filled));
        if (count === null) break;
        filled += count;
      }
      return buffer.subarray(0, filled);
    },
    close() {
      file.close();
    },
  };
}

/** Wraps bytes already in memory, which tests and small images use. */
export function memoryBlockSource(bytes: Uint8Array): BlockSource {
  return {
    read(offset, length) {
      return Promise.resolve(bytes.subarray(offset, Math.min(bytes.length, offset + length)));
    },
    close() {},
  };
}
