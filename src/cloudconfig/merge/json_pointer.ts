/**
 * JSON Pointers (RFC 6901) as the Python `jsonpointer` package resolves them
 * for cloud-init's `#cloud-config-jsonp` parts, including its leniencies: a
 * list index may have leading zeros (`01` is 1), and a string can be indexed
 * like a list of its characters.
 */

import { isMapping } from "./_python_values.ts";
import { MergeError } from "./merge_error.ts";

/** One step of a pointer after resolution: a mapping key, a list index, or `-` (past the end). */
export type PointerPart = string | number;

// jsonpointer's pattern; `match` anchors only the start, so "0" matches any
// part that starts with 0.
const ARRAY_INDEX = /^(?:0|[1-9][0-9]*$)/;
// Python's int() accepts surrounding whitespace and underscores between digits.
const PYTHON_INT = /^[0-9]+(?:_[0-9]+)*$/;

/** A parsed JSON Pointer such as `/users/0/name`. */
export class JsonPointer {
  /** The unescaped reference tokens; empty for the whole document. */
  readonly parts: readonly string[];

  private constructor(parts: string[]) {
    this.parts = parts;
  }

  /** Parses pointer text; throws a MergeError for text that is not a pointer. */
  static parse(text: unknown, field: string): JsonPointer {
    if (typeof text !== "string") {
      throw patchError(`the "${field}" member is not a string`);
    }
    if (/~[^01]|~$/.test(text)) {
      throw patchError(`the ${field} "${text}" has an invalid escape (only ~0 and ~1 exist)`);
    }
    const [first, ...rest] = text.split("/");
    if (first !== "") throw patchError(`the ${field} "${text}" does not start with "/"`);
    return new JsonPointer(rest.map((part) => part.replaceAll("~1", "/").replaceAll("~0", "~")));
  }

  /** Returns true when both pointers have the same tokens. */
  equals(other: JsonPointer): boolean {
    return this.parts.length === other.parts.length &&
      this.parts.every((part, index) => part === other.parts[index]);
  }

  /** Returns true when this pointer starts with every token of `prefix`. */
  startsWith(prefix: JsonPointer): boolean {
    return prefix.parts.every((part, index) => this.parts[index] === part);
  }

  /**
   * Walks all but the last token and returns the container reached with the
   * last token converted for it; `part` is undefined for the root pointer.
   */
  toLast(document: unknown): { parent: unknown; part?: PointerPart } {
    if (this.parts.length === 0) return { parent: document };
    let current = document;
    for (const token of this.parts.slice(0, -1)) current = walk(current, token);
    return { parent: current, part: partFor(current, this.parts[this.parts.length - 1]) };
  }
}

/** Returns `container[token]`, throwing a MergeError where jsonpointer raises. */
export function walk(container: unknown, token: string): unknown {
  const part = partFor(container, token);
  if (part === "-") {
    throw patchError(`"-" refers past the end of a list and has no value`);
  }
  if (typeof part === "number") {
    const items = typeof container === "string" ? Array.from(container) : container as unknown[];
    if (part >= items.length) throw patchError(`index ${part} is out of bounds`);
    return items[part];
  }
  const mapping = container as Record<string, unknown>;
  if (!Object.hasOwn(mapping, part)) throw patchError(`member "${part}" not found`);
  return mapping[part];
}

function partFor(container: unknown, token: string): PointerPart {
  if (isMapping(container)) return token;
  if (Array.isArray(container) || typeof container === "string") {
    if (token === "-") return token;
    // Python's `$` also matches before a final line break.
    const matched = token.endsWith("\n") ? token.slice(0, -1) : token;
    if (!ARRAY_INDEX.test(matched)) throw patchError(`"${token}" is not a valid list index`);
    const digits = token.trim();
    if (!PYTHON_INT.test(digits)) throw patchError(`"${token}" is not a valid list index`);
    return Number(digits.replaceAll("_", ""));
  }
  throw patchError(`"${token}" cannot index a value that is not a mapping or a list`);
}

/** Creates the MergeError for a JSON Patch that cannot be applied. */
export function patchError(problem: string): MergeError {
  return new MergeError(
    `Cannot apply the #cloud-config-jsonp patch: ${problem}.`,
    "Fix the patch operations (RFC 6902) so each path exists, or send the change as #cloud-config.",
  );
}
