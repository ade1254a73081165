/**
 * Python's `str()` of the scalar values PyYAML builds. The loader uses it for
 * mapping keys, because cloud-init reads `1:` as the integer key 1 while a
 * JavaScript object can only have the string key "1".
 */

import { formatPythonTimestamp } from "./timestamp.ts";

/**
 * Formats a number as Python's `repr()` of a float: the shortest digits
 * that read back to the same value, scientific notation below 1e-4 and from
 * 1e16 on, and `inf`, `-inf`, `nan` for the special values.
 */
export function pythonFloatRepr(value: number): string {
  if (Number.isNaN(value)) return "nan";
  if (value === Infinity) return "inf";
  if (value === -Infinity) return "-inf";
  if (value === 0) return Object.is(value, -0) ? "-0.0" : "0.0";

  // toExponential() without an argument gives the shortest round-trip digits,
  // the same digits Python's repr() picks.
  const [mantissa, exponentText] = value.toExponential().split("e");
  const exponent = Number(exponentText);
  const negative = mantissa.startsWith("-");
  const digits = mantissa.replace("-", "").replace(".", "");
  const sign = negative ? "-" : "";

  if (exponent < -4 || exponent >= 16) {
    const fraction = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const exponentSign = exponent < 0 ? "-" : "+";
    return `${sign}${fraction}e${exponentSign}${String(Math.abs(exponent)).padStart(2, "0")}`;
  }
  if (exponent < 0) return `${sign}0.${"0".repeat(-exponent - 1)}${digits}`;
  const integerDigits = exponent + 1;
  if (digits.length <= integerDigits) {
    return `${sign}${digits.padEnd(integerDigits, "0")}.0`;
  }
  return `${sign}${digits.slice(0, integerDigits)}.${digits.slice(integerDigits)}`;
}

/** Formats bytes as Python's `repr()` of a `bytes` object, such as `b'\x00ab'`. */
export function pythonBytesRepr(bytes: Uint8Array): string {
  const quote = bytes.includes(0x27) && !bytes.includes(0x22) ? '"' : "'";
  let text = "b" + quote;
  for (const byte of bytes) {
    if (byte === 0x5c) text += "\\\\";
    else if (byte === quote.charCodeAt(0)) text += `\\${quote}`;
    else if (byte === 0x09) text += "\\t";
    else if (byte === 0x0a) text += "\\n";
    else if (byte === 0x0d) text += "\\r";
    else if (byte >= 0x20 && byte < 0x7f) text += String.fromCharCode(byte);
    else text += `\\x${byte.toString(16).padStart(2, "0")}`;
  }
  return text + quote;
}

/**
 * Formats a loaded scalar as Python's `str()` would: `None`, `True`,
 * `False`, integers in decimal, floats as `repr()`, timestamps with a space
 * between date and time. JavaScript has one number type, so `isFloat` tells
 * whether a number came from a YAML float (`1.0` prints as `1.0`, not `1`).
 * Returns undefined for mappings and sequences, which Python cannot use as
 * dictionary keys.
 */
export function pythonStr(value: unknown, isFloat = false): string | undefined {
  if (value === null) return "None";
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "number") return isFloat ? pythonFloatRepr(value) : String(value);
  if (value instanceof Date) return formatPythonTimestamp(value);
  if (value instanceof Uint8Array) return pythonBytesRepr(value);
  return undefined;
}

/**
 * Returns a text that is equal for two keys exactly when Python's dict
 * treats them as the same key: `1`, `1.0` and `True` are one key, and so are
 * `0`, `0.0` and `False`. Python then keeps the first key and the last value.
 */
export function pythonKeyIdentity(value: unknown, isFloat = false): string {
  if (typeof value === "boolean") return value ? "number:1" : "number:0";
  if (typeof value === "number" || typeof value === "bigint") {
    // String(-0) is "0", matching Python's -0.0 == 0.
    return `number:${String(value)}`;
  }
  if (value instanceof Date) return `timestamp:${pythonStr(value)}`;
  if (value instanceof Uint8Array) return `bytes:${pythonBytesRepr(value)}`;
  if (value === null) return "none";
  return `string:${pythonStr(value, isFloat)}`;
}
