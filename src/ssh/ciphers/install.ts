/**
 * Puts libcrypto's AES-GCM and chacha20-poly1305 under ssh2. Without its
 * native add-on, which Deno does not build, ssh2 encrypts every packet
 * through new node:crypto cipher objects, and under Deno that limited an SSH
 * stream to about 110 MiB/s on the machine we measured. ssh2 stores each
 * direction's cipher in the `_cipher` and `_decipher` fields of its
 * `Protocol` object after every key exchange. An accessor on `Protocol.prototype` receives each new AES-GCM or
 * chacha20-poly1305 object and replaces it with an
 * {@linkcode AeadPacketCipher} or {@linkcode AeadPacketDecipher} with the
 * same keys, nonce and sequence number. Other ciphers pass through unchanged.
 *
 * The fields read here are ssh2 1.17.0's; `tests/ssh/ciphers_test.ts` fails
 * when an ssh2 update renames them.
 */

import Protocol from "ssh2/lib/protocol/Protocol.js";
import { type Libcrypto, libcrypto, libcryptoOpenErrors } from "../../../ffi/libcrypto.ts";
import { AeadPacketCipher, AeadPacketDecipher, type PacketProtection } from "./aead_packets.ts";
import { gcmProtection } from "./aes_gcm.ts";
import { chaCha20Poly1305Protection, hasChaCha20Poly1305 } from "./chacha20_poly1305.ts";
import { libcryptoGcmEngines } from "./libcrypto_engine.ts";

/** Implementation that encrypts AEAD packets in this process. */
export interface CipherBackend {
  /** `libcrypto.so.3` (or the name that loaded), or `node:crypto`. */
  name: string;
  /** Whether chacha20-poly1305 runs on libcrypto too (OpenSSL 3). */
  chaCha20Poly1305: boolean;
  /** Reason libcrypto is not used, when it is not. */
  reason?: string;
}

const GCM_NAMES = new Set(["aes-128-gcm", "aes-256-gcm"]);

/** Fields of ssh2's cipher objects that the replacement takes over. */
interface Ssh2Cipher {
  outSeqno: number;
  _onWrite: (packet: Uint8Array) => void;
  // AESGCMCipherNative
  _encSSLName?: string;
  _encKey?: Uint8Array;
  _encIV?: Uint8Array;
  // ChaChaPolyCipherNative
  _encKeyMain?: Uint8Array;
  _encKeyPktLen?: Uint8Array;
}

/** Fields of ssh2's decipher objects that the replacement takes over. */
interface Ssh2Decipher {
  inSeqno: number;
  _onPayload: (payload: never) => unknown;
  // AESGCMDecipherNative
  _decipherSSLName?: string;
  _decipherKey?: Uint8Array;
  _decipherIV?: Uint8Array;
  // ChaChaPolyDecipherNative
  _decKeyMain?: Uint8Array;
  _decKeyPktLen?: Uint8Array;
}

/** Builds the protection for an ssh2 object's keys, or returns undefined to keep ssh2's own. */
export interface ProtectionSource {
  gcm(key: Uint8Array, nonce: Uint8Array, encrypt: boolean): PacketProtection;
  chaCha20Poly1305?(mainKey: Uint8Array, lengthKey: Uint8Array, encrypt: boolean): PacketProtection;
}

function outgoingProtection(value: Ssh2Cipher, source: ProtectionSource) {
  if (value._encSSLName !== undefined && GCM_NAMES.has(value._encSSLName)) {
    return source.gcm(value._encKey!, value._encIV!, true);
  }
  if (value._encKeyMain !== undefined && source.chaCha20Poly1305 !== undefined) {
    return source.chaCha20Poly1305(value._encKeyMain, value._encKeyPktLen!, true);
  }
  return undefined;
}

function incomingProtection(value: Ssh2Decipher, source: ProtectionSource) {
  if (value._decipherSSLName !== undefined && GCM_NAMES.has(value._decipherSSLName)) {
    return source.gcm(value._decipherKey!, value._decipherIV!, false);
  }
  if (value._decKeyMain !== undefined && source.chaCha20Poly1305 !== undefined) {
    return source.chaCha20Poly1305(value._decKeyMain, value._decKeyPktLen!, false);
  }
  return undefined;
}

let installed: CipherBackend | undefined;

/** Replaces ssh2's AEAD ciphers with those of `source` for every connection made from now on. */
export function replaceAeadCiphers(source: ProtectionSource): void {
  const cipherSlot = Symbol("cipher");
  const decipherSlot = Symbol("decipher");
  type Slots = Record<symbol, unknown>;

  Object.defineProperty(Protocol.prototype, "_cipher", {
    configurable: true,
    get(this: Slots) {
      return this[cipherSlot];
    },
    set(this: Slots, value: unknown) {
      const ssh2Cipher = value as Ssh2Cipher | null;
      const protection = ssh2Cipher === null || typeof ssh2Cipher !== "object"
        ? undefined
        : outgoingProtection(ssh2Cipher, source);
      this[cipherSlot] = protection === undefined ? value : new AeadPacketCipher(
        { seqno: ssh2Cipher!.outSeqno, onWrite: ssh2Cipher!._onWrite },
        protection,
      );
    },
  });

  Object.defineProperty(Protocol.prototype, "_decipher", {
    configurable: true,
    get(this: Slots) {
      return this[decipherSlot];
    },
    set(this: Slots, value: unknown) {
      const ssh2Decipher = value as Ssh2Decipher | null;
      const protection = ssh2Decipher === null || typeof ssh2Decipher !== "object"
        ? undefined
        : incomingProtection(ssh2Decipher, source);
      this[decipherSlot] = protection === undefined ? value : new AeadPacketDecipher(
        {
          seqno: ssh2Decipher!.inSeqno,
          onPayload: ssh2Decipher!._onPayload as (payload: unknown) => unknown,
        },
        protection,
      );
    },
  });
}

/** Returns the protections that libcrypto provides. */
export function libcryptoProtections(library: Libcrypto): ProtectionSource {
  const engines = libcryptoGcmEngines(library);
  return {
    gcm: (key, nonce, encrypt) => gcmProtection(engines(key, encrypt), nonce),
    chaCha20Poly1305: hasChaCha20Poly1305(library)
      ? (mainKey, lengthKey, encrypt) =>
        chaCha20Poly1305Protection(library, mainKey, lengthKey, encrypt)
      : undefined,
  };
}

/**
 * Installs libcrypto's ciphers once per process and returns the backend in
 * use. Where libcrypto does not load, ssh2 keeps node:crypto and the reason
 * is returned for the caller's log.
 */
export function installFastCiphers(): CipherBackend {
  if (installed !== undefined) return installed;
  const library = libcrypto();
  if (library === null) {
    installed = {
      name: "node:crypto",
      chaCha20Poly1305: false,
      reason: libcryptoOpenErrors().join("; "),
    };
    return installed;
  }
  replaceAeadCiphers(libcryptoProtections(library));
  installed = { name: library.name, chaCha20Poly1305: hasChaCha20Poly1305(library) };
  return installed;
}
