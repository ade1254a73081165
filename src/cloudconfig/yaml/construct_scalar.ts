/**
 * Builds the value of one scalar from its tag and text, as the constructors
 * of PyYAML's SafeLoader do. Where PyYAML would fail (`!!int abc`, an
 * unknown tag, a date like 2024-02-30) this throws ScalarConstructionError,
 * which the loader turns into a YamlSyntaxError with the scalar's position.
 */

import { decodeBase64Lenient } from "./binary.ts";
import { YamlTag } from "./resolve_scalar.ts";
import { parseTimestamp, timestampToDate } from "./timestamp.ts";

/** Error for a scalar whose text does not fit its tag. The `hint` is the fix to suggest. */
export class ScalarConstructionError extends Error {
  readonly hint: string;

  constructor(message: string, hint: string) {
    super(message);
    this.name = "ScalarConstructionError";
    this.hint = hint;
  }
}

const BOOL_VALUES = new Map([
  ["yes", true],
  ["no", false],
  ["true", true],
  ["false", false],
  ["on", true],
  ["off", false],
]);

// Digits Python's int() accepts after PyYAML strips the sign and prefix.
const DIGITS_BY_BASE: Record<number, RegExp> = {
  2: /^[01]+$/,
  8: /^[0-7]+$/,
  10: /^[0-9]+$/,
  16: /^[0-9a-fA-F]+$/,
};

const BIGINT_PREFIX: Record<number, string> = { 2: "0b", 8: "0o", 10: "", 16: "0x" };

const PYTHON_FLOAT_TEXT =
  /^(?:[0-9]+\.?[0-9]*(?:e[-+]?[0-9]+)?|\.[0-9]+(?:e[-+]?[0-9]+)?|inf|infinity|nan)$/;

/**
 * Constructs the value of a scalar with the given full tag. Integers outside
 * the safe range come back as `bigint`, `!!binary` as `Uint8Array`, and
 * timestamps as `Date`. Throws ScalarConstructionError for text the tag
 * cannot take and for tags SafeLoader has no constructor for.
 */
export function constructScalar(tag: string, text: string): unknown {
  switch (tag) {
    case YamlTag.str:
      return text;
    case YamlTag.null:
      return null;
    case YamlTag.bool:
      return constructBool(text);
    case YamlTag.int:
      return constructInt(text);
    case YamlTag.float:
      return constructFloat(text);
    case YamlTag.binary:
      return constructBinary(text);
    case YamlTag.timestamp:
      return constructTimestamp(text);
    case YamlTag.merge:
    case YamlTag.value:
      // PyYAML resolves a plain `<<` or `=` to these key-only tags and has no
      // constructor for them, so as a value they fail to load.
      throw new ScalarConstructionError(
        `The plain value "${text}" is a YAML 1.1 key indicator and cannot be loaded as a value.`,
        `Quote it: "${text}".`,
      );
    default:
      throw unknownTag(tag, "scalar");
  }
}

/** Creates the error for a tag SafeLoader cannot construct on this kind of node. */
export function unknownTag(tag: string, kind: string): ScalarConstructionError {
  return new ScalarConstructionError(
    `Cannot construct a value for the tag "${tag}" on a ${kind}: cloud-init's safe loader has no constructor for it.`,
    "Remove the tag or use a standard one (!!str, !!int, !!float, !!bool, !!null, !!binary, !!timestamp, !!map, !!seq); quote the value if it is meant as text.",
  );
}

function invalid(text: string, what: string, hint: string): ScalarConstructionError {
  return new ScalarConstructionError(`Invalid ${what} "${text}".`, hint);
}

function constructBool(text: string): boolean {
  const value = BOOL_VALUES.get(text.toLowerCase());
  if (value === undefined) {
    throw invalid(text, "!!bool value", "Use one of true, false, yes, no, on, off.");
  }
  return value;
}

function constructInt(text: string): number | bigint {
  let digits = text.replaceAll("_", "");
  const negative = digits.startsWith("-");
  if (digits.startsWith("-") || digits.startsWith("+")) digits = digits.slice(1);

  let magnitude: bigint;
  if (digits === "0") magnitude = 0n;
  else if (digits.startsWith("0b")) magnitude = parseBase(text, digits.slice(2), 2);
  else if (digits.startsWith("0x")) magnitude = parseBase(text, digits.slice(2), 16);
  else if (digits.startsWith("0")) magnitude = parseBase(text, digits, 8);
  else if (digits.includes(":")) {
    magnitude = 0n;
    for (const part of digits.split(":")) magnitude = magnitude * 60n + parseBase(text, part, 10);
  } else magnitude = parseBase(text, digits, 10);

  const value = negative ? -magnitude : magnitude;
  const asNumber = Number(value);
  return Number.isSafeInteger(asNumber) ? asNumber : value;
}

function parseBase(text: string, untrimmed: string, base: number): bigint {
  // Python's int() ignores surrounding whitespace.
  const digits = untrimmed.trim();
  if (!DIGITS_BY_BASE[base].test(digits)) {
    throw invalid(
      text,
      "!!int value",
      "Write an integer in decimal, 0b binary, 0x hexadecimal, 0-prefixed octal or base-60 (1:30) form.",
    );
  }
  return BigInt(BIGINT_PREFIX[base] + digits);
}

function constructFloat(text: string): number {
  let value = text.replaceAll("_", "").toLowerCase();
  const sign = value.startsWith("-") ? -1 : 1;
  if (value.startsWith("-") || value.startsWith("+")) value = value.slice(1);
  if (value === ".inf") return sign * Infinity;
  if (value === ".nan") return NaN;
  if (value.includes(":")) {
    let total = 0;
    for (const part of value.split(":")) total = total * 60 + parsePythonFloat(text, part);
    return sign * total;
  }
  return sign * parsePythonFloat(text, value);
}

function parsePythonFloat(text: string, value: string): number {
  const trimmed = value.trim();
  if (!PYTHON_FLOAT_TEXT.test(trimmed)) {
    throw invalid(text, "!!float value", "Write a number such as 1.5, 1.0e+3, .inf or .nan.");
  }
  if (trimmed.startsWith("inf")) return Infinity;
  if (trimmed === "nan") return NaN;
  return Number(trimmed);
}

function constructBinary(text: string): Uint8Array {
  if (/[^\p{ASCII}]/u.test(text)) {
    throw invalid(
      truncate(text),
      "!!binary value",
      "Base64 data must be ASCII; remove the non-ASCII characters.",
    );
  }
  try {
    return decodeBase64Lenient(text);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new ScalarConstructionError(
      `Invalid base64 data in a !!binary value: ${error.message}.`,
      "Encode the bytes with base64 and keep the trailing = padding.",
    );
  }
}

function constructTimestamp(text: string): Date {
  let parts;
  try {
    parts = parseTimestamp(text);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw invalid(text, `timestamp (${error.message})`, "Write a real date such as 2024-02-29.");
  }
  if (parts === undefined) {
    throw invalid(
      text,
      "!!timestamp value",
      "Write YYYY-MM-DD or YYYY-MM-DD hh:mm:ss with an optional fraction and zone, or quote the value.",
    );
  }
  return timestampToDate(parts);
}

function truncate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
