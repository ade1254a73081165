/**
 * The host key decision for one connection: accept a key that is pinned for
 * the guest, reject a different one, and pin an unknown one only when the
 * caller asked for accept-new.
 */

import type { Buffer } from "node:buffer";
import { createHash } from "node:crypto";
import {
  appendKnownHost,
  findHostEntries,
  type KnownHostEntry,
  readKnownHostsFile,
} from "./known_hosts.ts";

/** Options of {@linkcode checkHostKey}. */
export interface HostKeyPolicy {
  /** The known_hosts file holding the guest's pinned keys. */
  knownHostsPath: string;
  /** Names the guest's lines may use; the first one is written for accept-new. */
  hostNames: readonly string[];
  /** Pins the key of a guest that has no entry yet instead of rejecting it. */
  acceptNew: boolean;
}

/** The outcome of a host key check; `reason` explains a rejection for the user. */
export type HostKeyVerdict =
  | { accepted: true; pinned: boolean }
  | { accepted: false; reason: string };

/** Checks the raw host key blob the server presented against the policy's known_hosts file. */
export async function checkHostKey(
  keyBlob: Buffer,
  policy: HostKeyPolicy,
): Promise<HostKeyVerdict> {
  const keyBase64 = keyBlob.toString("base64");
  const keyType = readKeyType(keyBlob);
  const matching = findHostEntries(
    await readKnownHostsFile(policy.knownHostsPath),
    policy.hostNames,
  );
  const entries = matching.filter((entry) => !entry.revoked);

  if (matching.some((entry) => entry.revoked && entry.keyBase64 === keyBase64)) {
    return {
      accepted: false,
      reason: `The host key ${keyType} ${fingerprintOfBlob(keyBlob)} of ${policy.hostNames[0]} ` +
        `is marked @revoked in ${policy.knownHostsPath}. Do not connect until the guest has a new key.`,
    };
  }

  if (entries.some((entry) => entry.keyBase64 === keyBase64)) {
    return { accepted: true, pinned: false };
  }
  if (entries.length > 0) {
    return {
      accepted: false,
      reason: `Host key mismatch for ${policy.hostNames[0]}: the guest presented ${keyType} ` +
        `${fingerprintOfBlob(keyBlob)}, which is not among the keys pinned in ` +
        `${policy.knownHostsPath}. If the guest was reinstalled, run egs-tool add-ssh-config ` +
        `again to pin its new key; otherwise do not connect.`,
    };
  }
  if (!policy.acceptNew) {
    return {
      accepted: false,
      reason: `No pinned host key for ${policy.hostNames[0]} in ${policy.knownHostsPath}: ` +
        `run egs-tool add-ssh-config first, or pass --accept-new to pin the key the guest ` +
        `presents (${keyType} ${fingerprintOfBlob(keyBlob)}).`,
    };
  }

  const entry: KnownHostEntry = { patterns: policy.hostNames[0], keyType, keyBase64 };
  await appendKnownHost(policy.knownHostsPath, entry);
  return { accepted: true, pinned: true };
}

/** Returns the OpenSSH-style `SHA256:...` fingerprint of a public key blob. */
export function fingerprintOfBlob(keyBlob: Uint8Array): string {
  const digest = createHash("sha256").update(keyBlob).digest("base64");
  return `SHA256:${digest.replace(/=+$/, "")}`;
}

/** Reads the key type string that starts every SSH public key blob. */
function readKeyType(keyBlob: Buffer): string {
  if (keyBlob.length < 4) return "unknown";
  const length = keyBlob.readUInt32BE(0);
  return keyBlob.subarray(4, 4 + length).toString("latin1");
}
