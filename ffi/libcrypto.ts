/**
 * OpenSSL's libcrypto through `Deno.dlopen`, for AES-GCM on SSH packets.
 * Deno's node:crypto encrypted AES-GCM at about a quarter of the speed of
 * libcrypto here, because libcrypto uses AES-NI and carry-less
 * multiplication. The SSH layer therefore encrypts through this module where
 * libcrypto is installed, as on every system with OpenSSH, and through
 * node:crypto elsewhere.
 *
 * All calls are synchronous and work on buffers owned by the caller, so Deno
 * passes them as fast calls without copying.
 */

/** `EVP_CIPHER_CTX_ctrl` commands for GCM, from OpenSSL's `evp.h`. */
export const EVP_CTRL_GCM_SET_IVLEN = 0x9;
export const EVP_CTRL_GCM_GET_TAG = 0x10;
export const EVP_CTRL_GCM_SET_TAG = 0x11;

const SYMBOLS = {
  EVP_CIPHER_CTX_new: { parameters: [], result: "pointer" },
  EVP_CIPHER_CTX_free: { parameters: ["pointer"], result: "void" },
  EVP_aes_128_gcm: { parameters: [], result: "pointer" },
  EVP_aes_256_gcm: { parameters: [], result: "pointer" },
  EVP_CipherInit_ex: {
    parameters: ["pointer", "pointer", "pointer", "buffer", "buffer", "i32"],
    result: "i32",
  },
  EVP_CIPHER_CTX_ctrl: { parameters: ["pointer", "i32", "i32", "buffer"], result: "i32" },
  EVP_CipherUpdate: {
    parameters: ["pointer", "buffer", "buffer", "buffer", "i32"],
    result: "i32",
  },
  EVP_CipherFinal_ex: { parameters: ["pointer", "buffer", "buffer"], result: "i32" },
  CRYPTO_memcmp: { parameters: ["buffer", "buffer", "usize"], result: "i32" },
  // chacha20-poly1305 needs ChaCha20 and the EVP_MAC interface of OpenSSL 3.
  // They are optional, so that OpenSSL 1.1 still loads for AES-GCM.
  EVP_chacha20: { parameters: [], result: "pointer", optional: true },
  EVP_MAC_fetch: {
    parameters: ["pointer", "buffer", "pointer"],
    result: "pointer",
    optional: true,
  },
  EVP_MAC_CTX_new: { parameters: ["pointer"], result: "pointer", optional: true },
  EVP_MAC_CTX_free: { parameters: ["pointer"], result: "void", optional: true },
  EVP_MAC_init: {
    parameters: ["pointer", "buffer", "usize", "pointer"],
    result: "i32",
    optional: true,
  },
  EVP_MAC_update: { parameters: ["pointer", "buffer", "usize"], result: "i32", optional: true },
  EVP_MAC_final: {
    parameters: ["pointer", "buffer", "buffer", "usize"],
    result: "i32",
    optional: true,
  },
} as const satisfies Deno.ForeignLibraryInterface;

/** The libcrypto symbols EGS calls. */
export type LibcryptoSymbols = Deno.DynamicLibrary<typeof SYMBOLS>["symbols"];

/** Library names tried in order: OpenSSL 3, then 1.1, then the unversioned development link. */
const LIBRARY_NAMES = ["libcrypto.so.3", "libcrypto.so.1.1", "libcrypto.so"];

/** The opened library and its file name. */
export interface Libcrypto {
  name: string;
  symbols: LibcryptoSymbols;
}

let opened: Libcrypto | null | undefined;
let openErrors: string[] = [];

/**
 * Opens libcrypto on first use. Returns null when no library loads (for
 * example on Windows or in a root without OpenSSL). `libcryptoOpenErrors`
 * then returns the reasons.
 */
export function libcrypto(): Libcrypto | null {
  if (opened !== undefined) return opened;
  opened = null;
  openErrors = [];
  if (Deno.build.os !== "linux") {
    openErrors.push(`libcrypto is loaded only on Linux; this is ${Deno.build.os}`);
    return opened;
  }
  for (const name of LIBRARY_NAMES) {
    try {
      opened = { name, symbols: Deno.dlopen(name, SYMBOLS).symbols };
      return opened;
    } catch (error) {
      openErrors.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return opened;
}

/** Returns the reasons `libcrypto()` returned null, one per library name tried. */
export function libcryptoOpenErrors(): readonly string[] {
  return openErrors;
}
