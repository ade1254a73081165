/**
 * Gzip detection by magic bytes and decompression with a size limit, so a
 * small compressed payload cannot expand into gigabytes in memory.
 */

import { Gunzip, gunzipSync } from "fflate";
import { InputError } from "../errors.ts";

/** Returns whether `bytes` starts with the gzip magic bytes `1f 8b`. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Decompresses a gzip stream.
 * Throws {@linkcode InputError} naming `name` when the data is corrupt or
 * expands beyond `maxBytes`.
 */
export function gunzipLimited(bytes: Uint8Array, maxBytes: number, name: string): Uint8Array {
  let total = 0;
  let tooLarge = false;
  const gunzip = new Gunzip((chunk) => {
    total += chunk.length;
    if (total > maxBytes) {
      tooLarge = true;
      throw new RangeError("decompressed size limit reached");
    }
  });

  try {
    gunzip.push(bytes, true);
  } catch (error) {
    if (tooLarge) {
      throw new InputError(
        `Cannot decompress ${name}: it expands to more than ${maxBytes} bytes. ` +
          "Send smaller user-data or raise userData.fetchMaxBytes in the settings.",
        { file: name },
      );
    }
    throw new InputError(
      `Cannot decompress ${name}: the gzip data is invalid (${(error as Error).message}). ` +
        "Compress the payload again with gzip.",
      { file: name },
      { cause: error },
    );
  }
  // The streaming decoder enforces the size limit but returns quietly on a
  // truncated stream; the one-shot decoder reports truncation and bad CRCs.
  try {
    return gunzipSync(bytes);
  } catch (error) {
    throw new InputError(
      `Cannot decompress ${name}: the gzip data is invalid (${(error as Error).message}). ` +
        "Compress the payload again with gzip.",
      { file: name },
      { cause: error },
    );
  }
}
