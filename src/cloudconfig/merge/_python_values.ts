/**
 * The few Python behaviours cloud-init's mergers rely on, applied to the
 * values our YAML loader builds: which merger method a value dispatches to,
 * and what `len()`, `list.extend()` and `x[i]` do with a value that is not a
 * list. Where Python raises, these throw a MergeError with the key path.
 */

import { formatKeyPath } from "../problem.ts";
import { MergeError } from "./merge_error.ts";

/** The Python type name that picks a merger method: `_on_dict`, `_on_list` or `_on_str`. */
export type ValueKind = "dict" | "list" | "str" | "other";

/** A key path inside the merged document, such as `["users", 1, "groups"]`. */
export type KeyPath = readonly (string | number)[];

/** Returns true for a mapping as the YAML loader builds it: a plain object. */
export function isMapping(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** Classifies a value the way `type(value).__name__` selects a merger method. */
export function kindOf(value: unknown): ValueKind {
  if (typeof value === "string") return "str";
  if (Array.isArray(value)) return "list";
  if (isMapping(value)) return "dict";
  return "other";
}

/** Describes a value's type for messages in YAML terms (mapping, list, string). */
export function describeType(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return "a string";
  if (Array.isArray(value)) return "a list";
  if (isMapping(value)) return "a mapping";
  if (typeof value === "boolean") return "a boolean";
  if (typeof value === "number" || typeof value === "bigint") return "a number";
  if (value instanceof Date) return "a timestamp";
  if (value instanceof Uint8Array) return "binary data";
  if (value instanceof Set) return "a set";
  return `a ${typeof value}`;
}

/** Formats a key path for messages, naming the document root when the path is empty. */
export function describePath(path: KeyPath): string {
  return path.length === 0 ? "the top level" : formatKeyPath(path);
}

/**
 * Lists the items Python's `list.extend(value)` would add: the characters of
 * a string, the keys of a mapping, the bytes of binary data. Throws a
 * MergeError for values Python cannot iterate (null, numbers, booleans,
 * timestamps).
 */
export function iterateLikePython(value: unknown, path: KeyPath, operation: string): unknown[] {
  if (Array.isArray(value)) return [...value];
  if (typeof value === "string") return Array.from(value);
  if (isMapping(value)) return Object.keys(value);
  if (value instanceof Uint8Array) return Array.from(value);
  if (value instanceof Set) return [...value];
  throw new MergeError(
    `Cannot ${operation} at ${describePath(path)}: the new value is ${describeType(value)}, ` +
      "which cloud-init cannot add to a list.",
    "Give a list as the new value, or choose a merge_how without list(append) or list(prepend).",
  );
}

/** Returns Python's `len(value)`, throwing a MergeError where Python raises TypeError. */
export function lengthLikePython(value: unknown, path: KeyPath): number {
  if (Array.isArray(value)) return value.length;
  if (typeof value === "string") return Array.from(value).length;
  if (isMapping(value)) return Object.keys(value).length;
  if (value instanceof Uint8Array) return value.length;
  if (value instanceof Set) return value.size;
  throw new MergeError(
    `Cannot merge the list at ${describePath(path)} index by index with ${describeType(value)}.`,
    "Give a list as the new value, or choose list(append), list(prepend) or list(replace).",
  );
}

/**
 * Returns Python's `value[index]` for the values `lengthLikePython` accepts.
 * A mapping is looked up by the key `str(index)`.
 */
export function indexLikePython(value: unknown, index: number, path: KeyPath): unknown {
  if (Array.isArray(value)) return value[index];
  if (typeof value === "string") return Array.from(value)[index];
  if (value instanceof Uint8Array) return value[index];
  // NOTE: cloud-init looks a mapping up by the integer key. Our loader stores
  // both `0:` and `"0":` as the string "0", so a mapping with the quoted keys
  // "0", "1", … succeeds here where cloud-init raises KeyError.
  if (isMapping(value) && Object.hasOwn(value, String(index))) return value[String(index)];
  throw new MergeError(
    `Cannot merge the list at ${describePath(path)} index by index with ${describeType(value)}, ` +
      `which has no item ${index}.`,
    "Give a list as the new value, or choose list(append), list(prepend) or list(replace).",
  );
}
