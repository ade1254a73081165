/**
 * Key generation through ssh2 with a check of its output. Under Deno 2.9,
 * ssh2 1.17 occasionally writes an Ed25519 key whose 32-byte public key lost
 * a leading zero byte (measured: 70 of 20,000 keys), and such a file does not
 * parse. Each generated key is parsed and made to sign before it is used, and
 * a broken one is replaced by a new one.
 */

import { Buffer } from "node:buffer";
import ssh2 from "ssh2";
import { parseSigningKey } from "./signing_key.ts";

/** Key types this project generates. */
export type GeneratedKeyType = "ecdsa" | "ed25519";

const MAX_ATTEMPTS = 20;
const CHECK_DATA = Buffer.from("egs key check");

/**
 * Generates an OpenSSH key pair that ssh2 parses back and signs with; `bits` applies to
 * ECDSA (256 for P-256). Throws when no valid key results after 20 attempts.
 */
export function generateCheckedKeyPair(
  type: GeneratedKeyType,
  options: { bits?: 256 | 384 | 521; comment?: string } = {},
): { private: string; public: string } {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const pair = type === "ecdsa"
      ? ssh2.utils.generateKeyPairSync("ecdsa", {
        bits: options.bits ?? 256,
        comment: options.comment,
      })
      : ssh2.utils.generateKeyPairSync("ed25519", { comment: options.comment });
    const parsed = parseSigningKey(pair.private);
    if (!(parsed instanceof Error) && !(parsed.sign(CHECK_DATA) instanceof Error)) return pair;
  }
  throw new Error(
    `Cannot generate a valid ${type} key: ssh2 produced ${MAX_ATTEMPTS} unusable keys.`,
  );
}
