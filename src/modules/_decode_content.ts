/** Decodes `write_files[].content` by its `encoding`. */

import { gunzipSync } from "fflate";
import type { TypedWriteFile } from "../cloudconfig/schema/typed_cloud_config.ts";

const encoder = new TextEncoder();

/**
 * Returns the bytes of `content`. Text is UTF-8; `!!binary` content arrives as
 * bytes and is used as they are before any gzip step. Throws a `RangeError`
 * saying which step failed when the base64 or gzip data is invalid.
 */
export function decodeContent(
  content: string | Uint8Array,
  encoding: TypedWriteFile["encoding"],
): Uint8Array {
  switch (encoding) {
    case "text":
      return typeof content === "string" ? encoder.encode(content) : content;
    case "base64":
      return typeof content === "string" ? decodeBase64(content) : content;
    case "gzip":
      return gunzip(typeof content === "string" ? latin1Bytes(content) : content);
    case "gzip+base64":
      return gunzip(typeof content === "string" ? decodeBase64(content) : content);
  }
}

function decodeBase64(text: string): Uint8Array {
  const compact = text.replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1) {
    throw new RangeError("the content is not valid base64");
  }
  const binary = atob(compact.padEnd(Math.ceil(compact.length / 4) * 4, "="));
  return Uint8Array.from(binary, (character) => character.charCodeAt(0));
}

/** Maps each UTF-16 code unit to one byte, for gzip data given as a plain YAML string. */
function latin1Bytes(text: string): Uint8Array {
  return Uint8Array.from(text, (character) => character.charCodeAt(0) & 0xff);
}

function gunzip(data: Uint8Array): Uint8Array {
  try {
    return gunzipSync(data);
  } catch (error) {
    throw new RangeError(`the content is not valid gzip data (${(error as Error).message})`);
  }
}
