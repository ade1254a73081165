/**
 * An {@linkcode AeadEngine} for AES-128-GCM and AES-256-GCM on OpenSSL's
 * libcrypto. One `EVP_CIPHER_CTX` keeps the key for the life of the engine,
 * and each packet sets a new nonce and runs one update over the body.
 */

import {
  EVP_CTRL_GCM_GET_TAG,
  EVP_CTRL_GCM_SET_TAG,
  type Libcrypto,
  type LibcryptoSymbols,
} from "../../../ffi/libcrypto.ts";
import type { AeadEngine, AeadEngineFactory } from "./aes_gcm.ts";

/** Frees contexts whose engine was dropped without `free()`, for example on a torn connection. */
const orphanedContexts = new FinalizationRegistry<{ free: () => void }>((held) => held.free());

class LibcryptoGcmEngine implements AeadEngine {
  #symbols: LibcryptoSymbols;
  #context: Deno.PointerValue;
  #encrypt: 0 | 1;
  #outLength = new Int32Array(1);
  #scratch = new Uint8Array(32);
  #release: { free: () => void };

  constructor(symbols: LibcryptoSymbols, key: Uint8Array, encrypt: boolean) {
    this.#symbols = symbols;
    this.#encrypt = encrypt ? 1 : 0;

    const cipher = key.length === 16
      ? symbols.EVP_aes_128_gcm()
      : key.length === 32
      ? symbols.EVP_aes_256_gcm()
      : null;
    if (cipher === null) throw new Error(`AES-GCM needs a 16- or 32-byte key, not ${key.length}.`);

    const context = symbols.EVP_CIPHER_CTX_new();
    if (context === null) throw new Error("libcrypto could not allocate a cipher context.");
    const release = { free: () => symbols.EVP_CIPHER_CTX_free(context) };
    if (symbols.EVP_CipherInit_ex(context, cipher, null, key, null, this.#encrypt) !== 1) {
      release.free();
      throw new Error("libcrypto rejected the AES-GCM key.");
    }
    this.#context = context;
    this.#release = release;
    orphanedContexts.register(this, release, this);
  }

  seal(nonce: Uint8Array, aad: Uint8Array, body: Uint8Array, tag: Uint8Array): void {
    const symbols = this.#symbols;
    const context = this.#context;
    const out = this.#outLength;
    if (
      symbols.EVP_CipherInit_ex(context, null, null, null, nonce, 1) !== 1 ||
      symbols.EVP_CipherUpdate(context, null, out, aad, aad.length) !== 1 ||
      symbols.EVP_CipherUpdate(context, body, out, body, body.length) !== 1 ||
      symbols.EVP_CipherFinal_ex(context, this.#scratch, out) !== 1 ||
      symbols.EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_GET_TAG, tag.length, tag) !== 1
    ) {
      throw new Error("libcrypto failed to encrypt an SSH packet.");
    }
  }

  open(
    nonce: Uint8Array,
    aad: Uint8Array,
    input: Uint8Array,
    output: Uint8Array,
    tag: Uint8Array,
  ): boolean {
    const symbols = this.#symbols;
    const context = this.#context;
    const out = this.#outLength;
    if (
      symbols.EVP_CipherInit_ex(context, null, null, null, nonce, 0) !== 1 ||
      symbols.EVP_CipherUpdate(context, null, out, aad, aad.length) !== 1 ||
      symbols.EVP_CipherUpdate(context, output, out, input, input.length) !== 1 ||
      symbols.EVP_CIPHER_CTX_ctrl(context, EVP_CTRL_GCM_SET_TAG, tag.length, tag) !== 1
    ) {
      throw new Error("libcrypto failed to decrypt an SSH packet.");
    }
    return symbols.EVP_CipherFinal_ex(context, this.#scratch, out) === 1;
  }

  free(): void {
    orphanedContexts.unregister(this);
    this.#release.free();
  }
}

/** Returns a factory of libcrypto AES-GCM engines. */
export function libcryptoGcmEngines(library: Libcrypto): AeadEngineFactory {
  return (key, encrypt) => new LibcryptoGcmEngine(library.symbols, key, encrypt);
}
