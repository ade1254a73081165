/** Shared helpers of the user-data pipeline tests. */

import { processUserData, type UserDataInput } from "../../src/userdata/process_user_data.ts";
import type { UserDataResult } from "../../src/userdata/types.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Encodes text as UTF-8. */
export function bytes(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Decodes UTF-8 bytes. */
export function text(data: Uint8Array): string {
  return decoder.decode(data);
}

/** Runs the pipeline on one text payload plus any other inputs. */
export function run(
  userData: string | Uint8Array,
  input: Omit<UserDataInput, "userData"> = {},
): Promise<UserDataResult> {
  return processUserData({
    ...input,
    userData: typeof userData === "string" ? bytes(userData) : userData,
  });
}

/** Builds a multipart/mixed message from part texts (headers, blank line, body). */
export function multipart(parts: string[], boundary = "==test=="): string {
  const body = parts.map((part) => `--${boundary}\n${part}\n`).join("");
  return `Content-Type: multipart/mixed; boundary="${boundary}"\nMIME-Version: 1.0\n\n${body}--${boundary}--\n`;
}

/** Returns the warning codes of a result. */
export function codes(result: UserDataResult): string[] {
  return result.warnings.map((warning) => warning.code);
}
