/**
 * `Content-Transfer-Encoding` decoding. Like Python's email package, the
 * decoders are lenient: characters outside the base64 alphabet are skipped
 * and an invalid quoted-printable escape is kept as written, so a slightly
 * damaged part still yields its content.
 */

import { binaryStringToBytes } from "../_bytes.ts";

/**
 * Decodes a part body (a binary string) by its transfer encoding. `7bit`,
 * `8bit`, `binary` and unknown encodings return the bytes unchanged.
 */
export function decodeTransferEncoding(body: string, encoding: string | undefined): Uint8Array {
  switch ((encoding ?? "").trim().toLowerCase()) {
    case "base64":
      return decodeBase64Lenient(body);
    case "quoted-printable":
      return decodeQuotedPrintable(body);
    default:
      return binaryStringToBytes(body);
  }
}

/** Decodes base64, skipping characters outside the alphabet and a dangling last character. */
export function decodeBase64Lenient(text: string): Uint8Array {
  const clean = text.replace(/[^A-Za-z0-9+/]/g, "");
  const usable = clean.length % 4 === 1 ? clean.slice(0, -1) : clean;
  const padded = usable + "=".repeat((4 - usable.length % 4) % 4);
  return binaryStringToBytes(atob(padded));
}

/** Decodes quoted-printable: `=XX` escapes and `=` soft line breaks. */
export function decodeQuotedPrintable(text: string): Uint8Array {
  const output: number[] = [];
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char !== "=") {
      output.push(text.charCodeAt(index) & 0xff);
      continue;
    }
    const next = text.slice(index + 1, index + 3);
    if (next.startsWith("\r\n")) {
      index += 2;
    } else if (next.startsWith("\n")) {
      index += 1;
    } else if (/^[0-9A-Fa-f]{2}$/.test(next)) {
      output.push(parseInt(next, 16));
      index += 2;
    } else {
      output.push(0x3d);
    }
  }
  return Uint8Array.from(output);
}
