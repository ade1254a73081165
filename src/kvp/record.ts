/**
 * The record format of Linux KVP pool files, as hv_kvp_daemon reads and
 * writes them: a headerless sequence of 2560-byte records, each a 512-byte
 * key field followed by a 2048-byte value field, UTF-8, NUL-terminated and
 * NUL-padded.
 */

import { KVP_MAX_KEY_BYTES, KVP_MAX_VALUE_BYTES } from "./pool.ts";

/** Size of the key field in bytes, including the terminating NUL. */
export const KVP_KEY_FIELD = KVP_MAX_KEY_BYTES + 1;
/** Size of the value field in bytes, including the terminating NUL. */
export const KVP_VALUE_FIELD = KVP_MAX_VALUE_BYTES + 1;
/** Size of one record in bytes. */
export const KVP_RECORD_SIZE = KVP_KEY_FIELD + KVP_VALUE_FIELD;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The records of a pool file and the length of a partial record at its end. */
export interface DecodedPool {
  /** Keys and values in file order; a later record with the same key wins. */
  entries: Map<string, string>;
  /** Bytes after the last whole record, 0 for a well-formed file. */
  trailingBytes: number;
}

/**
 * Checks a key and value against the pool limits: the key is not blank and
 * at most 511 UTF-8 bytes, the value at most 2047, and neither contains NUL.
 * Throws a RangeError naming the key.
 */
export function validateEntry(key: string, value: string | null): void {
  if (key.trim() === "") {
    throw new RangeError(`Invalid KVP key "${key}": the key must not be blank.`);
  }
  if (key.includes("\0")) {
    throw new RangeError(`Invalid KVP key "${printable(key)}": the key contains a NUL character.`);
  }
  const keyBytes = encoder.encode(key).length;
  if (keyBytes > KVP_MAX_KEY_BYTES) {
    throw new RangeError(
      `Invalid KVP key "${
        key.slice(0, 64)
      }…": it is ${keyBytes} UTF-8 bytes, the maximum is ${KVP_MAX_KEY_BYTES}.`,
    );
  }
  if (value === null) return;
  if (value.includes("\0")) {
    throw new RangeError(`Invalid value for KVP key "${key}": the value contains a NUL character.`);
  }
  const valueBytes = encoder.encode(value).length;
  if (valueBytes > KVP_MAX_VALUE_BYTES) {
    throw new RangeError(
      `Invalid value for KVP key "${key}": it is ${valueBytes} UTF-8 bytes, the maximum is ${KVP_MAX_VALUE_BYTES}; split or shorten the value.`,
    );
  }
}

/** Encodes entries as pool records; call {@linkcode validateEntry} on each first. */
export function encodePool(entries: Map<string, string>): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(entries.size * KVP_RECORD_SIZE);
  let offset = 0;
  for (const [key, value] of entries) {
    bytes.set(encoder.encode(key), offset);
    bytes.set(encoder.encode(value), offset + KVP_KEY_FIELD);
    offset += KVP_RECORD_SIZE;
  }
  return bytes;
}

/** Decodes pool records; records with an empty key are skipped. */
export function decodePool(bytes: Uint8Array): DecodedPool {
  const entries = new Map<string, string>();
  const whole = Math.floor(bytes.length / KVP_RECORD_SIZE);
  for (let index = 0; index < whole; index++) {
    const record = bytes.subarray(index * KVP_RECORD_SIZE, (index + 1) * KVP_RECORD_SIZE);
    const key = field(record.subarray(0, KVP_KEY_FIELD));
    if (key === "") continue;
    entries.set(key, field(record.subarray(KVP_KEY_FIELD)));
  }
  return { entries, trailingBytes: bytes.length - whole * KVP_RECORD_SIZE };
}

function field(bytes: Uint8Array): string {
  const end = bytes.indexOf(0);
  return decoder.decode(end === -1 ? bytes : bytes.subarray(0, end));
}

function printable(text: string): string {
  return text.replaceAll("\0", "\\0");
}
