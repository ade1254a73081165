/**
 * AES-GCM as OpenSSH implements `aes128-gcm@openssh.com` and
 * `aes256-gcm@openssh.com` (RFC 5647), as a {@linkcode PacketProtection} on
 * top of an {@linkcode AeadEngine}. The length is sent in clear and
 * authenticated as additional data. The 12-byte nonce is a fixed 4-byte part
 * and a 64-bit big-endian counter that grows by one per packet.
 */

import type { PacketProtection } from "./aead_packets.ts";

/** Encrypts or decrypts one packet body in place and makes or checks its tag. */
export interface AeadEngine {
  /**
   * Encrypts `body` in place with `nonce`, authenticating `aad` too, and
   * writes the tag into `tag`.
   */
  seal(nonce: Uint8Array, aad: Uint8Array, body: Uint8Array, tag: Uint8Array): void;
  /**
   * Decrypts `input` into `output` (which may be the same bytes) with `nonce`
   * and returns whether `tag` matches.
   */
  open(
    nonce: Uint8Array,
    aad: Uint8Array,
    input: Uint8Array,
    output: Uint8Array,
    tag: Uint8Array,
  ): boolean;
  /** Releases native resources; the engine is unusable afterwards. */
  free(): void;
}

/** Builds an engine for one direction of one key. */
export type AeadEngineFactory = (key: Uint8Array, encrypt: boolean) => AeadEngine;

const TAG_LENGTH = 16;

/** Adds one to the 64-bit big-endian invocation counter in bytes 4 to 11 of `nonce`. */
export function incrementNonce(nonce: Uint8Array): void {
  for (let index = 11; index >= 4; index--) {
    nonce[index] = (nonce[index] + 1) & 0xff;
    if (nonce[index] !== 0) return;
  }
}

/** Returns the AES-GCM protection of one direction, starting at `initialNonce`. */
export function gcmProtection(engine: AeadEngine, initialNonce: Uint8Array): PacketProtection {
  const nonce = Uint8Array.from(initialNonce);
  return {
    blockLength: 16,
    seal(packet) {
      const end = packet.length - TAG_LENGTH;
      engine.seal(nonce, packet.subarray(0, 4), packet.subarray(4, end), packet.subarray(end));
      incrementNonce(nonce);
    },
    length: (lengthBytes) => new DataView(lengthBytes.buffer, lengthBytes.byteOffset).getUint32(0),
    open(lengthBytes, body, output, tag) {
      const valid = engine.open(nonce, lengthBytes, body, output, tag);
      if (valid) incrementNonce(nonce);
      return valid;
    },
    free: () => engine.free(),
  };
}
