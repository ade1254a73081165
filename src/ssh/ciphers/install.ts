/**
 * Puts libcrypto's AES-GCM under ssh2. Without its native add-on, which Deno
 * does not build, ssh2 encrypts every packet through a new node:crypto cipher
 * object, and under Deno that limits an SSH stream to about 110 MiB/s on the
 * machines we measured. ssh2 stores each direction's cipher in the
 * `_cipher` and `_decipher` fields of its `Protocol` object after every key
 * exchange. An accessor on `Protocol.prototype` receives each new AES-GCM
 * object and replaces it with a {@linkcode GcmPacketCipher} or
 * {@linkcode GcmPacketDecipher} with the same key, nonce and sequence number.
 * Other ciphers pass through unchanged.
 *
 * The fields read here are ssh2 1.17.0's; `tests/ssh/ciphers_test.ts` fails
 * when an ssh2 update renames them.
 */

import Protocol from "ssh2/lib/protocol/Protocol.js";
import { libcrypto, libcryptoOpenErrors } from "../../../ffi/libcrypto.ts";
import { type AeadEngineFactory, GcmPacketCipher, GcmPacketDecipher } from "./aes_gcm.ts";
import { libcryptoGcmEngines } from "./libcrypto_engine.ts";

/** Implementation that encrypts AES-GCM packets in this process. */
export interface CipherBackend {
  /** `libcrypto.so.3` (or the name that loaded), or `node:crypto`. */
  name: string;
  /** Reason libcrypto is not used, when it is not. */
  reason?: string;
}

const GCM_NAMES = new Set(["aes-128-gcm", "aes-256-gcm"]);

/** Fields of ssh2's `AESGCMCipherNative` that the replacement takes over. */
interface Ssh2GcmCipher {
  _encSSLName: string;
  _encKey: Uint8Array;
  _encIV: Uint8Array;
  _onWrite: (packet: Uint8Array) => void;
  outSeqno: number;
}

/** Fields of ssh2's `AESGCMDecipherNative` that the replacement takes over. */
interface Ssh2GcmDecipher {
  _decipherSSLName: string;
  _decipherKey: Uint8Array;
  _decipherIV: Uint8Array;
  _onPayload: (payload: never) => unknown;
  inSeqno: number;
}

function isGcmCipher(value: unknown): value is Ssh2GcmCipher {
  const name = (value as Partial<Ssh2GcmCipher> | null)?._encSSLName;
  return typeof name === "string" && GCM_NAMES.has(name);
}

function isGcmDecipher(value: unknown): value is Ssh2GcmDecipher {
  const name = (value as Partial<Ssh2GcmDecipher> | null)?._decipherSSLName;
  return typeof name === "string" && GCM_NAMES.has(name);
}

let installed: CipherBackend | undefined;

/** Replaces ssh2's AES-GCM with `engines` for every connection made from now on. */
export function replaceGcmCiphers(engines: AeadEngineFactory): void {
  const cipherSlot = Symbol("cipher");
  const decipherSlot = Symbol("decipher");
  type Slots = Record<symbol, unknown>;

  Object.defineProperty(Protocol.prototype, "_cipher", {
    configurable: true,
    get(this: Slots) {
      return this[cipherSlot];
    },
    set(this: Slots, value: unknown) {
      this[cipherSlot] = isGcmCipher(value)
        ? new GcmPacketCipher({
          key: value._encKey,
          nonce: value._encIV,
          seqno: value.outSeqno,
          onWrite: value._onWrite,
        }, engines)
        : value;
    },
  });

  Object.defineProperty(Protocol.prototype, "_decipher", {
    configurable: true,
    get(this: Slots) {
      return this[decipherSlot];
    },
    set(this: Slots, value: unknown) {
      this[decipherSlot] = isGcmDecipher(value)
        ? new GcmPacketDecipher({
          key: value._decipherKey,
          nonce: value._decipherIV,
          seqno: value.inSeqno,
          onPayload: value._onPayload as (payload: unknown) => unknown,
        }, engines)
        : value;
    },
  });
}

/**
 * Installs libcrypto's AES-GCM once per process and returns the backend in
 * use. Where libcrypto does not load, ssh2 keeps node:crypto and the reason
 * is returned for the caller's log.
 */
export function installFastCiphers(): CipherBackend {
  if (installed !== undefined) return installed;
  const library = libcrypto();
  if (library === null) {
    installed = { name: "node:crypto", reason: libcryptoOpenErrors().join("; ") };
    return installed;
  }
  replaceGcmCiphers(libcryptoGcmEngines(library));
  installed = { name: library.name };
  return installed;
}
