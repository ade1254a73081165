/**
 * Pinned guest host keys: the keys a guest publishes in its KVP guest pool
 * (`eryph:guest-services:host-key`), written into a known_hosts file of
 * egs-tool's own so ssh can check them strictly.
 */

import { OperationError } from "../errors.ts";

/** Guest pool key under which the guest publishes its host public keys. */
export const HOST_KEY_KVP_KEY = "eryph:guest-services:host-key";

const KEY_TYPE_PATTERN = /^(ssh-(ed25519|rsa|dss)|ecdsa-sha2-nistp(256|384|521)|sk-\S+)$/;
const BASE64_PATTERN = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Parses the published value: one `<type> <base64> [comment]` line per key;
 * blank lines are skipped. Throws an OperationError quoting the first line
 * that is not a public key, because pinning part of a broken list could lock
 * the user out or, worse, pin something unintended.
 */
export function parsePublishedHostKeys(value: string): string[] {
  const keys: string[] = [];
  for (const rawLine of value.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === "") continue;
    const [type, blob] = line.split(/\s+/);
    if (!KEY_TYPE_PATTERN.test(type) || blob === undefined || !BASE64_PATTERN.test(blob)) {
      throw new OperationError(
        `The guest published a host key line that is not an SSH public key: "${line}". ` +
          `Restart the guest's eryph-guest-services so it publishes its keys again.`,
      );
    }
    keys.push(`${type} ${blob}`);
  }
  return keys;
}

/** Renders a known_hosts file that pins `keys` for `hostName`. */
export function renderKnownHosts(hostName: string, keys: readonly string[]): string {
  return keys.map((key) => `${hostName} ${key}\n`).join("");
}
