/**
 * `chacha20-poly1305@openssh.com` as a {@linkcode PacketProtection} on
 * OpenSSL 3's libcrypto, following OpenSSH's PROTOCOL.chacha20poly1305. The
 * 64-byte key is two ChaCha20 keys: the first 32 bytes encrypt the payload,
 * the last 32 bytes the packet length. The nonce is the packet's sequence
 * number. The ChaCha20 block at counter 0 of the payload key gives the
 * Poly1305 key, the payload is encrypted from counter 1 on, and the tag
 * covers the encrypted length and payload.
 */

import type { Libcrypto, LibcryptoSymbols } from "../../../ffi/libcrypto.ts";
import type { PacketProtection } from "./aead_packets.ts";

const TAG_LENGTH = 16;
const POLY1305_KEY_LENGTH = 32;
const ZEROS = new Uint8Array(POLY1305_KEY_LENGTH);

/** OpenSSL's POLY1305 MAC, fetched once per process; null when this libcrypto lacks it. */
let poly1305: Deno.PointerValue | undefined;

/** Frees contexts whose protection was dropped without `free()`. */
const orphaned = new FinalizationRegistry<() => void>((free) => free());

/** Tells whether `library` has ChaCha20 and Poly1305 (OpenSSL 3 and later). */
export function hasChaCha20Poly1305(library: Libcrypto): boolean {
  const symbols = library.symbols;
  if (symbols.EVP_chacha20 === null || symbols.EVP_MAC_fetch === null) return false;
  if (poly1305 === undefined) {
    const name = new TextEncoder().encode("POLY1305\0");
    poly1305 = symbols.EVP_MAC_fetch(null, name, null);
  }
  return poly1305 !== null;
}

/**
 * Returns the chacha20-poly1305 protection of one direction. `mainKey` is
 * the first half of ssh2's 64-byte key, `lengthKey` the second.
 */
export function chaCha20Poly1305Protection(
  library: Libcrypto,
  mainKey: Uint8Array,
  lengthKey: Uint8Array,
  encrypt: boolean,
): PacketProtection {
  if (!hasChaCha20Poly1305(library)) {
    throw new Error(`${library.name} has no ChaCha20 and Poly1305.`);
  }
  const symbols = library.symbols as Required<LibcryptoSymbols>;
  const mode = encrypt ? 1 : 0;
  const main = newChaCha20(symbols, mainKey, mode);
  const header = newChaCha20(symbols, lengthKey, mode);
  const mac = symbols.EVP_MAC_CTX_new!(poly1305!);
  const release = () => {
    symbols.EVP_CIPHER_CTX_free(main);
    symbols.EVP_CIPHER_CTX_free(header);
    symbols.EVP_MAC_CTX_free!(mac);
  };
  if (mac === null) {
    release();
    throw new Error("libcrypto could not allocate a Poly1305 context.");
  }

  // Bytes 0 to 7: the block counter (little-endian); 8 to 15: the sequence number.
  const iv = new Uint8Array(16);
  const ivView = new DataView(iv.buffer);
  const polyKey = new Uint8Array(POLY1305_KEY_LENGTH);
  const computedTag = new Uint8Array(TAG_LENGTH);
  const plainLength = new Uint8Array(4);
  const outLength = new Int32Array(1);
  const tagLength = new BigUint64Array(1);

  const run = (
    context: Deno.PointerValue,
    counter: number,
    input: Uint8Array,
    output: Uint8Array,
  ) => {
    iv[0] = counter;
    if (
      symbols.EVP_CipherInit_ex(context, null, null, null, iv, mode) !== 1 ||
      symbols.EVP_CipherUpdate(context, output, outLength, input, input.length) !== 1
    ) {
      throw new Error("libcrypto failed to run ChaCha20 on an SSH packet.");
    }
  };
  const tagOf = (parts: Uint8Array[], output: Uint8Array) => {
    run(main, 0, ZEROS, polyKey);
    let ok = symbols.EVP_MAC_init!(mac, polyKey, BigInt(POLY1305_KEY_LENGTH), null) === 1;
    for (const part of parts) {
      ok &&= symbols.EVP_MAC_update!(mac, part, BigInt(part.length)) === 1;
    }
    ok &&= symbols.EVP_MAC_final!(mac, output, tagLength, BigInt(TAG_LENGTH)) === 1;
    if (!ok) throw new Error("libcrypto failed to compute Poly1305 for an SSH packet.");
  };
  const setSequence = (seqno: number) => ivView.setUint32(12, seqno);

  const protection: PacketProtection = {
    blockLength: 8,
    seal(packet, seqno) {
      setSequence(seqno);
      const end = packet.length - TAG_LENGTH;
      const lengthBytes = packet.subarray(0, 4);
      const body = packet.subarray(4, end);
      run(header, 0, lengthBytes, lengthBytes);
      run(main, 1, body, body);
      tagOf([packet.subarray(0, end)], packet.subarray(end));
    },
    length(lengthBytes, seqno) {
      setSequence(seqno);
      run(header, 0, lengthBytes, plainLength);
      return new DataView(plainLength.buffer).getUint32(0);
    },
    open(lengthBytes, body, output, tag, seqno) {
      setSequence(seqno);
      tagOf([lengthBytes, body], computedTag);
      if (symbols.CRYPTO_memcmp(computedTag, tag, BigInt(TAG_LENGTH)) !== 0) return false;
      run(main, 1, body, output);
      return true;
    },
    free() {
      orphaned.unregister(protection);
      release();
    },
  };
  orphaned.register(protection, release, protection);
  return protection;
}

function newChaCha20(
  symbols: LibcryptoSymbols,
  key: Uint8Array,
  mode: number,
): Deno.PointerValue {
  const context = symbols.EVP_CIPHER_CTX_new();
  if (context === null) throw new Error("libcrypto could not allocate a cipher context.");
  if (symbols.EVP_CipherInit_ex(context, symbols.EVP_chacha20!(), null, key, null, mode) !== 1) {
    symbols.EVP_CIPHER_CTX_free(context);
    throw new Error("libcrypto rejected the ChaCha20 key.");
  }
  return context;
}
