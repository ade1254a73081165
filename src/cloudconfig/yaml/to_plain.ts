/**
 * Converts loaded YAML values into JSON-compatible data for `--format json`
 * output, showing each value the way cloud-init would print it after
 * reading it with PyYAML.
 */

import { formatPythonTimestamp } from "./timestamp.ts";

/**
 * Copies `value` into data that `JSON.stringify` can write without loss.
 * `Uint8Array` becomes base64 text, and `Date` becomes the text PyYAML's
 * dumper writes (`2001-12-14` or `2001-12-14 21:59:43.100000-05:00`). A
 * `bigint` becomes a number when it is a safe integer and decimal text
 * otherwise. JSON has no literal for the non-finite floats, so they become
 * the YAML words `.inf`, `-.inf` and `.nan`. Objects and arrays are copied,
 * so a shared (aliased) node appears in full at every use.
 */
export function toPlainJson(value: unknown): unknown {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : nonFiniteText(value);
  if (typeof value === "bigint") {
    const asNumber = Number(value);
    return Number.isSafeInteger(asNumber) ? asNumber : value.toString();
  }
  if (value instanceof Date) return formatPythonTimestamp(value);
  if (value instanceof Uint8Array) return encodeBase64(value);
  if (Array.isArray(value)) return value.map(toPlainJson);
  if (typeof value === "object") {
    const result: Record<string, unknown> = {};
    for (const [key, entry] of Object.entries(value)) {
      Object.defineProperty(result, key, {
        value: toPlainJson(entry),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return result;
  }
  // Functions, symbols and undefined never come out of the loader.
  return null;
}

function nonFiniteText(value: number): string {
  if (Number.isNaN(value)) return ".nan";
  return value > 0 ? ".inf" : "-.inf";
}

function encodeBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}
