/**
 * The KVP key layout of provisioning payloads pushed by the host into the
 * external pool, shared by the guest reader and the host writer
 * (`egs-tool set-user-data`). A payload named `user-data` under the prefix
 * `eryph:provisioning` is stored as:
 *
 * - `eryph:provisioning:user-data`: the whole value, when it fits in one
 *   value, or `…:user-data.0`, `…:user-data.1`, … with `…:user-data.chunks`
 *   holding the count;
 * - `…:user-data.encoding`: `base64` when the bytes are not NUL-free UTF-8,
 *   absent for text;
 * - `…:user-data.length`: the payload's size in bytes;
 * - `…:user-data.sha256`: the payload's SHA-256, lower-case hex.
 *
 * A reader that finds chunks, length or hash not matching reports the payload
 * as incomplete, because the host may still be writing it.
 */

import { decodeBase64, encodeBase64 } from "./_base64.ts";
import { KVP_MAX_VALUE_BYTES } from "../kvp/pool.ts";

/** Key prefix of provisioning payloads unless `dataSources.hyperVKvp.keyPrefix` changes it. */
export const DEFAULT_KVP_PREFIX = "eryph:provisioning";

/**
 * Largest value in UTF-16 code units. Hyper-V carries host-to-guest values as
 * UTF-16 in 2048 bytes including the NUL, so a host rejects longer values
 * even where the UTF-8 form fits the guest's 2047-byte limit.
 */
export const KVP_MAX_VALUE_UNITS = 1023;

/** Payload names the HyperVKvp datasource reads. */
export const KVP_PAYLOAD_NAMES = [
  "user-data",
  "meta-data",
  "vendor-data",
  "network-config",
] as const;

/** State of one payload in a pool. */
export type KvpPayload =
  | { state: "absent" }
  | { state: "incomplete"; reason: string }
  | { state: "complete"; bytes: Uint8Array };

/** Returns the base key of payload `name`, such as `eryph:provisioning:user-data`. */
export function kvpPayloadKey(name: string, prefix = DEFAULT_KVP_PREFIX): string {
  return `${prefix}:${name}`;
}

/**
 * Produces the keys and values that store `bytes` as payload `name`, each
 * value within 2047 UTF-8 bytes and 1023 UTF-16 code units. Text is split between characters;
 * other bytes are base64-encoded first. A writer should delete the payload's
 * other existing keys (older chunks) in the same update.
 */
export async function splitForKvp(
  name: string,
  bytes: Uint8Array,
  prefix = DEFAULT_KVP_PREFIX,
): Promise<Record<string, string>> {
  const key = kvpPayloadKey(name, prefix);
  const text = asKvpText(bytes);
  const encoded = text ?? encodeBase64(bytes);
  const values: Record<string, string> = {};

  const chunks = text === undefined ? splitAscii(encoded) : splitText(encoded);
  if (chunks.length === 1) values[key] = chunks[0];
  else {
    chunks.forEach((chunk, index) => values[`${key}.${index}`] = chunk);
    values[`${key}.chunks`] = String(chunks.length);
  }
  if (text === undefined) values[`${key}.encoding`] = "base64";
  values[`${key}.length`] = String(bytes.length);
  values[`${key}.sha256`] = await sha256Hex(bytes);
  return values;
}

/**
 * Lists the keys of payload `name` among `existingKeys` that `values` (the
 * output of {@linkcode splitForKvp}) does not set, so a writer can delete
 * them in the same update. Older parts of a longer payload are such keys.
 */
export function staleKvpPayloadKeys(
  existingKeys: Iterable<string>,
  values: Record<string, string>,
  name: string,
  prefix = DEFAULT_KVP_PREFIX,
): string[] {
  const key = kvpPayloadKey(name, prefix);
  const ownKey = new RegExp(`^${escapeRegExp(key)}(\\.(\\d+|chunks|encoding|length|sha256))?$`);
  return [...existingKeys].filter((existing) => ownKey.test(existing) && !(existing in values));
}

/** Reads payload `name` from the entries of a pool and checks it against its length and hash. */
export async function readKvpPayload(
  entries: Map<string, string>,
  name: string,
  prefix = DEFAULT_KVP_PREFIX,
): Promise<KvpPayload> {
  const key = kvpPayloadKey(name, prefix);
  const chunkCount = entries.get(`${key}.chunks`);
  const length = entries.get(`${key}.length`);
  const hash = entries.get(`${key}.sha256`);
  const single = entries.get(key);
  const hasChunk = entries.has(`${key}.0`);
  if (single === undefined && !hasChunk && chunkCount === undefined && length === undefined) {
    return { state: "absent" };
  }

  let encoded: string;
  if (chunkCount !== undefined) {
    const count = Number(chunkCount);
    if (!Number.isInteger(count) || count < 1) {
      return { state: "incomplete", reason: `${key}.chunks is "${chunkCount}", not a count` };
    }
    const parts: string[] = [];
    for (let index = 0; index < count; index++) {
      const part = entries.get(`${key}.${index}`);
      if (part === undefined) return { state: "incomplete", reason: `${key}.${index} is missing` };
      parts.push(part);
    }
    encoded = parts.join("");
  } else if (single !== undefined) {
    encoded = single;
  } else {
    return { state: "incomplete", reason: `${key} has no value and no ${key}.chunks yet` };
  }

  let bytes: Uint8Array;
  if (entries.get(`${key}.encoding`) === "base64") {
    const decoded = decodeBase64(encoded);
    if (decoded === undefined) return { state: "incomplete", reason: `${key} is not valid base64` };
    bytes = decoded;
  } else {
    bytes = new TextEncoder().encode(encoded);
  }

  if (chunkCount !== undefined && (length === undefined || hash === undefined)) {
    return { state: "incomplete", reason: `${key}.length or ${key}.sha256 is missing` };
  }
  if (length !== undefined && Number(length) !== bytes.length) {
    return {
      state: "incomplete",
      reason: `${key} has ${bytes.length} bytes but ${key}.length is ${length}`,
    };
  }
  if (hash !== undefined && hash.toLowerCase() !== await sha256Hex(bytes)) {
    return { state: "incomplete", reason: `${key} does not match ${key}.sha256` };
  }
  return { state: "complete", bytes };
}

/** Returns the SHA-256 of `bytes` as lower-case hex. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as BufferSource));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** Returns the bytes as text when they are UTF-8 without NUL, which a KVP value can carry. */
function asKvpText(bytes: Uint8Array): string | undefined {
  if (bytes.includes(0)) return undefined;
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function splitText(text: string): string[] {
  const encoder = new TextEncoder();
  const chunks: string[] = [];
  let current = "";
  let size = 0;
  for (const character of text) {
    const characterSize = encoder.encode(character).length;
    const tooLong = current.length + character.length > KVP_MAX_VALUE_UNITS;
    if (tooLong || size + characterSize > KVP_MAX_VALUE_BYTES) {
      chunks.push(current);
      current = "";
      size = 0;
    }
    current += character;
    size += characterSize;
  }
  chunks.push(current);
  return chunks;
}

function splitAscii(text: string): string[] {
  // A multiple of 4 keeps every base64 chunk decodable on its own.
  const size = KVP_MAX_VALUE_UNITS - (KVP_MAX_VALUE_UNITS % 4);
  const chunks: string[] = [];
  for (let offset = 0; offset < text.length || offset === 0; offset += size) {
    chunks.push(text.slice(offset, offset + size));
  }
  return chunks;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
