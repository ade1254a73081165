/**
 * Byte-level decoding of a payload before it is classified. A base64 layer
 * is decoded only when the caller marks the payload as base64. Gzip is
 * detected by its magic bytes, a UTF-8 byte order mark is removed, and
 * UTF-16 is rejected because cloud-init does not read it either.
 */

import { InputError } from "../errors.ts";
import { gunzipLimited, isGzip } from "./gzip.ts";

/**
 * Decodes base64 text, ignoring all whitespace so line-wrapped payloads
 * (Azure CustomData, `base64` output) decode.
 * Throws {@linkcode InputError} naming `name` when the text is not base64.
 */
export function decodeBase64Payload(bytes: Uint8Array, name: string): Uint8Array {
  const text = new TextDecoder("latin1").decode(bytes).replace(/\s+/g, "");
  const data = text.replace(/={1,2}$/, "");
  if (!/^[A-Za-z0-9+/]*$/.test(data)) {
    throw new InputError(
      `Cannot decode ${name} as base64: it contains characters outside the base64 alphabet. ` +
        "Pass the payload without the base64 option if it is not encoded.",
      { file: name },
    );
  }
  // Each 4 characters encode 3 bytes, and a last group of 2 or 3 encodes 1 or
  // 2 bytes. A single character left over encodes no whole byte.
  if (data.length % 4 === 1) {
    throw new InputError(
      `Cannot decode ${name} as base64: its ${data.length} data characters end in a single ` +
        "character, which encodes no whole byte. Check that the payload was not cut short.",
      { file: name },
    );
  }
  const binary = atob(data + "=".repeat((4 - data.length % 4) % 4));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

/** Removes a UTF-8 byte order mark from the start of `bytes`. */
export function stripUtf8Bom(bytes: Uint8Array): Uint8Array {
  const hasBom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  return hasBom ? bytes.subarray(3) : bytes;
}

/**
 * Returns `UTF-16LE` or `UTF-16BE` when `bytes` carries a UTF-16 byte order
 * mark or the NUL-every-other-byte pattern of UTF-16 ASCII text, else undefined.
 */
export function detectUtf16(bytes: Uint8Array): "UTF-16LE" | "UTF-16BE" | undefined {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return "UTF-16LE";
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return "UTF-16BE";
  if (bytes.length < 4) return undefined;

  const sample = Math.min(bytes.length - (bytes.length % 2), 64);
  let evenNuls = 0;
  let oddNuls = 0;
  for (let index = 0; index < sample; index++) {
    if (bytes[index] !== 0) continue;
    if (index % 2 === 0) evenNuls++;
    else oddNuls++;
  }
  const pairs = sample / 2;
  if (oddNuls === pairs && evenNuls === 0) return "UTF-16LE";
  if (evenNuls === pairs && oddNuls === 0) return "UTF-16BE";
  return undefined;
}

/** Throws {@linkcode InputError} naming `name` and the fix when `bytes` is UTF-16 text. */
export function rejectUtf16(bytes: Uint8Array, name: string): void {
  const encoding = detectUtf16(bytes);
  if (encoding === undefined) return;
  throw new InputError(
    `Cannot read ${name}: it is encoded as ${encoding}, but user-data must be UTF-8. ` +
      "Save the file as UTF-8 (in PowerShell: Set-Content -Encoding utf8).",
    { file: name },
  );
}

/** Options of {@linkcode decodePayload}. */
export interface DecodeOptions {
  /** Name of the payload for messages. */
  name: string;
  /** Decode a base64 layer first; only for payloads defined as base64 by their source. */
  base64?: boolean;
  /** Largest size the payload may decompress to, in bytes. */
  maxBytes: number;
}

/**
 * Undoes the transport layers of a payload: base64 (only when asked), gzip
 * (by magic bytes), then strips a UTF-8 byte order mark and rejects UTF-16.
 */
export function decodePayload(bytes: Uint8Array, options: DecodeOptions): Uint8Array {
  let current = bytes;
  if (options.base64) current = decodeBase64Payload(current, options.name);

  if (isGzip(current)) current = gunzipLimited(current, options.maxBytes, options.name);

  current = stripUtf8Bom(current);
  rejectUtf16(current, options.name);
  return current;
}
