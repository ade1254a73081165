/**
 * Reads and appends OpenSSH known_hosts files, so egs-tool checks a guest's
 * host key against the same pinned file that its SSH aliases use. Host
 * patterns may be plain or hashed (`|1|salt|hash`), with `*` and `?`
 * wildcards and negation (`!pattern`). A `@revoked` line marks a key that is
 * rejected. `@cert-authority` lines are skipped because egs pins plain host keys.
 */

import { Buffer } from "node:buffer";
import { createHmac } from "node:crypto";
import { dirname } from "../../path/path.ts";

/** One host key line of a known_hosts file. */
export interface KnownHostEntry {
  /** Comma-separated host patterns as written, for example `vm1.hyper-v.alt,vm1`. */
  patterns: string;
  /** Key type, for example `ssh-ed25519`. */
  keyType: string;
  /** Base64 of the public key blob. */
  keyBase64: string;
  /** Set for a `@revoked` line: the key is rejected for the matching hosts. */
  revoked?: boolean;
}

/** Parses known_hosts text into entries, skipping blank, comment and `@cert-authority` lines. */
export function parseKnownHosts(text: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === "" || line.startsWith("#")) continue;
    const fields = line.split(/\s+/);
    const revoked = fields[0] === "@revoked";
    if (fields[0].startsWith("@") && !revoked) continue;
    const [patterns, keyType, keyBase64] = revoked ? fields.slice(1) : fields;
    if (patterns === undefined || keyType === undefined || keyBase64 === undefined) continue;
    entries.push(
      revoked ? { patterns, keyType, keyBase64, revoked } : { patterns, keyType, keyBase64 },
    );
  }
  return entries;
}

/** Returns true when one of `hostNames` matches the entry's patterns and no negated pattern does. */
export function entryMatchesHost(entry: KnownHostEntry, hostNames: readonly string[]): boolean {
  return hostNames.some((host) => patternListMatches(entry.patterns, host.toLowerCase()));
}

/** Returns the entries of `entries` that apply to any of `hostNames`. */
export function findHostEntries(
  entries: readonly KnownHostEntry[],
  hostNames: readonly string[],
): KnownHostEntry[] {
  return entries.filter((entry) => entryMatchesHost(entry, hostNames));
}

/** Reads a known_hosts file; a missing file has no entries. */
export async function readKnownHostsFile(path: string): Promise<KnownHostEntry[]> {
  try {
    return parseKnownHosts(await Deno.readTextFile(path));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return [];
    throw error;
  }
}

/** Appends one entry, creating the file (mode 0600) and its folder (mode 0700) when missing. */
export async function appendKnownHost(path: string, entry: KnownHostEntry): Promise<void> {
  await Deno.mkdir(dirname(path), { recursive: true, mode: 0o700 });
  let prefix = "";
  try {
    const existing = await Deno.readTextFile(path);
    if (existing !== "" && !existing.endsWith("\n")) prefix = "\n";
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  const line = `${prefix}${entry.patterns} ${entry.keyType} ${entry.keyBase64}\n`;
  await Deno.writeTextFile(path, line, { append: true, create: true, mode: 0o600 });
}

function patternListMatches(patternList: string, host: string): boolean {
  if (patternList.startsWith("|1|")) return hashedPatternMatches(patternList, host);
  let matched = false;
  for (const pattern of patternList.toLowerCase().split(",")) {
    if (pattern.startsWith("!")) {
      if (wildcardMatches(pattern.slice(1), host)) return false;
    } else if (wildcardMatches(pattern, host)) {
      matched = true;
    }
  }
  return matched;
}

function hashedPatternMatches(pattern: string, host: string): boolean {
  const [, , salt, hash] = pattern.split("|");
  if (salt === undefined || hash === undefined) return false;
  const digest = createHmac("sha1", Buffer.from(salt, "base64")).update(host).digest("base64");
  return digest === hash;
}

function wildcardMatches(pattern: string, host: string): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(
    /\?/g,
    ".",
  );
  return new RegExp(`^${source}$`).test(host);
}
