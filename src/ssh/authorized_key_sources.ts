/**
 * Lookup of a client key among the authorized keys: first the provisioned
 * `<config>/id_egs.pub`, then every client key slot in the external KVP pool.
 * Both are read again on every attempt, so a key pushed or expired by the host
 * takes effect without a restart.
 */

import { Buffer } from "node:buffer";
import type { KvpPool } from "../kvp/pool.ts";
import { type AuthorizedKeyEntry, parseAuthorizedKeys } from "./authorized_keys.ts";
import { interpretKeyOptions, type KeyRestrictions } from "./key_restrictions.ts";

/** The legacy client key slot; slots named `<this>:<id>` are read too. */
export const CLIENT_KEY_SLOT = "eryph:guest-services:client-public-key";

/** Locations of the authorized keys. */
export interface AuthorizedKeySources {
  /** Path of the provisioned key file (`<config>/id_egs.pub`). */
  keyFilePath: string;
  /** The external pool, or undefined when KVP authentication is off. */
  externalPool?: KvpPool;
}

/** A matching line whose options rejected the key. */
export interface KeyRejection {
  source: string;
  line: number;
  option: string;
  reason: string;
}

/** Result of {@linkcode findAuthorizedKey}. */
export type KeyLookup =
  | { found: true; source: string; restrictions: KeyRestrictions }
  | { found: false; rejections: KeyRejection[] };

/** Reports a line that is not valid authorized_keys syntax. */
export type InvalidLineHandler = (source: string, line: number, reason: string) => void;

/**
 * Searches the sources in order for `keyBlob` and returns the first matching
 * line whose options accept the key at `now`, as sshd does. Throws when the
 * external pool cannot be read, which callers treat as a rejection.
 */
export async function findAuthorizedKey(
  sources: AuthorizedKeySources,
  keyBlob: Uint8Array,
  now: Date,
  onInvalidLine: InvalidLineHandler = () => {},
): Promise<KeyLookup> {
  const rejections: KeyRejection[] = [];
  const fileText = await readKeyFile(sources.keyFilePath);
  const fromFile = matchSource(
    sources.keyFilePath,
    fileText,
    keyBlob,
    now,
    rejections,
    onInvalidLine,
  );
  if (fromFile !== undefined) return fromFile;
  if (sources.externalPool === undefined) return { found: false, rejections };

  const pool = await sources.externalPool.readAll();
  const slots = [...pool.keys()].filter(isClientKeySlot).sort();
  for (const slot of slots) {
    const match = matchSource(
      `kvp:${slot}`,
      pool.get(slot) ?? "",
      keyBlob,
      now,
      rejections,
      onInvalidLine,
    );
    if (match !== undefined) return match;
  }
  return { found: false, rejections };
}

/** Tells whether a KVP key names a client key slot. */
export function isClientKeySlot(key: string): boolean {
  return key === CLIENT_KEY_SLOT || key.startsWith(`${CLIENT_KEY_SLOT}:`);
}

function matchSource(
  source: string,
  text: string,
  keyBlob: Uint8Array,
  now: Date,
  rejections: KeyRejection[],
  onInvalidLine: InvalidLineHandler,
): KeyLookup | undefined {
  const entries = parseAuthorizedKeys(
    text,
    (error) => onInvalidLine(source, error.line, error.reason),
  );
  for (const entry of entries.filter((candidate) => sameKey(candidate, keyBlob))) {
    const result = interpretKeyOptions(entry.options, now);
    if (result.accepted) return { found: true, source, restrictions: result.restrictions };
    rejections.push({ source, line: entry.line, option: result.option, reason: result.reason });
  }
  return undefined;
}

function sameKey(entry: AuthorizedKeyEntry, keyBlob: Uint8Array): boolean {
  return Buffer.from(entry.keyData, "base64").equals(keyBlob);
}

async function readKeyFile(path: string): Promise<string> {
  try {
    return await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return "";
    throw error;
  }
}
