/** Helpers shared by the socket tests: read a stream to its end, echo, wait for close. */

import type { Duplex } from "node:stream";

/** Reads `stream` until it ends and returns every byte. */
export async function readAll(stream: Duplex): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream) chunks.push(chunk as Uint8Array);
  const total = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

/** Writes `data` to `stream` with back-pressure, then ends it. */
export async function writeAndEnd(
  stream: Duplex,
  data: Uint8Array,
  chunkSize = 64 << 10,
): Promise<void> {
  for (let offset = 0; offset < data.length; offset += chunkSize) {
    if (!stream.write(data.subarray(offset, offset + chunkSize))) {
      await new Promise((resolve) => stream.once("drain", resolve));
    }
  }
  stream.end();
}

/** Resolves once `stream` emitted "close" (or at once if it already did). */
export function closed(stream: Duplex): Promise<void> {
  if (stream.closed) return Promise.resolve();
  return new Promise((resolve) => stream.once("close", () => resolve()));
}

/** Returns `size` bytes of a repeating, position-dependent pattern. */
export function pattern(size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + (i >> 12)) & 0xff;
  return bytes;
}
