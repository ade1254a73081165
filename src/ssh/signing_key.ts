/**
 * Private keys parsed by ssh2 in a form that can sign under Deno. For an
 * ECDSA key, ssh2 turns the OpenSSH file into a SEC1 `EC PRIVATE KEY` and
 * copies the private number as the file stores it. That is an SSH mpint,
 * which has a leading zero byte when its top bit is set. ssh2's own key
 * generator always writes the zero. OpenSSL accepts the 33-byte number, but
 * Deno's node:crypto rejects it with "invalid SEC1 private key". So every
 * key ssh2 generated, and about half of those from ssh-keygen, could not
 * sign. Here the number is cut to the curve's length, and the key signs with
 * that SEC1 document.
 */

import { Buffer } from "node:buffer";
import { sign as signWith } from "node:crypto";
import ssh2 from "ssh2";

/** Byte length of the private number per curve. */
const SCALAR_LENGTHS: Record<string, number> = {
  "ecdsa-sha2-nistp256": 32,
  "ecdsa-sha2-nistp384": 48,
  "ecdsa-sha2-nistp521": 66,
};

/** Hash per curve, as RFC 5656 assigns them. */
const HASHES: Record<string, string> = {
  "ecdsa-sha2-nistp256": "sha256",
  "ecdsa-sha2-nistp384": "sha384",
  "ecdsa-sha2-nistp521": "sha512",
};

/**
 * Parses `text` (an OpenSSH or PEM private key) with ssh2 and returns the
 * key with the signing of ECDSA keys repaired. Returns an Error when ssh2
 * cannot parse the text.
 */
export function parseSigningKey(text: string): ssh2.ParsedKey | Error {
  const parsed = ssh2.utils.parseKey(text);
  if (parsed instanceof Error) return parsed;
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  const scalarLength = SCALAR_LENGTHS[key.type];
  if (scalarLength === undefined || !key.isPrivateKey()) return key;

  const pem = key.getPrivatePEM();
  const repaired = repairSec1(pem, scalarLength);
  if (repaired === pem) return key;
  const hash = HASHES[key.type];
  key.sign = (data: Buffer, algorithm?: string) => {
    try {
      return signWith(algorithm ?? hash, data, repaired);
    } catch (error) {
      return error as Error;
    }
  };
  return key;
}

/**
 * Returns `pem` (a SEC1 `EC PRIVATE KEY`) with its private number cut or
 * padded to `scalarLength` bytes; `pem` itself when it has that length.
 */
export function repairSec1(pem: string, scalarLength: number): string {
  const body = pem.split("\n").filter((line) => line !== "" && !line.startsWith("-----")).join("");
  const der = Buffer.from(body, "base64");

  // ECPrivateKey ::= SEQUENCE { version INTEGER, privateKey OCTET STRING, ... }
  const outer = readHeader(der, 0);
  const version = readHeader(der, outer.contentStart);
  const privateKey = readHeader(der, version.contentStart + version.length);
  if (der[privateKey.start] !== 0x04) return pem;
  let scalar = der.subarray(privateKey.contentStart, privateKey.contentStart + privateKey.length);
  if (scalar.length === scalarLength) return pem;

  while (scalar.length > scalarLength && scalar[0] === 0) scalar = scalar.subarray(1);
  if (scalar.length > scalarLength) return pem;
  const padded = Buffer.concat([Buffer.alloc(scalarLength - scalar.length), scalar]);

  const before = der.subarray(outer.contentStart, privateKey.start);
  const after = der.subarray(privateKey.contentStart + privateKey.length, der.length);
  const content = Buffer.concat([before, encodeHeader(0x04, padded.length), padded, after]);
  const repaired = Buffer.concat([encodeHeader(0x30, content.length), content]);
  const lines = repaired.toString("base64").match(/.{1,64}/g)!;
  return `-----BEGIN EC PRIVATE KEY-----\n${lines.join("\n")}\n-----END EC PRIVATE KEY-----\n`;
}

/** Reads a DER tag and length at `start`. */
function readHeader(der: Uint8Array, start: number) {
  let offset = start + 1;
  let length = der[offset++];
  if (length & 0x80) {
    const count = length & 0x7f;
    length = 0;
    for (let index = 0; index < count; index++) length = length * 256 + der[offset++];
  }
  return { start, contentStart: offset, length };
}

/** Encodes a DER tag and definite length. */
function encodeHeader(tag: number, length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(tag, length);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest & 0xff);
  return Uint8Array.of(tag, 0x80 | bytes.length, ...bytes);
}
