/**
 * Small helpers of the document constructor: node access and the entries
 * that a mapping collects before it is assembled.
 */

import { isMap, isSeq, type Node, type Scalar } from "yaml";
import { type NodeOrigin, originOf as originFromTable, setOrigin } from "./origin.ts";

/** One entry copied from a mapping under `<<`. */
export interface MergedEntry {
  key: string;
  value: unknown;
  origin: NodeOrigin | undefined;
}

/** One entry written in the mapping itself. */
export interface ExplicitEntry {
  key: string;
  value: unknown;
  origin: NodeOrigin;
}

/** Returns the node, or null for an absent one. */
export function asNode(value: unknown): Node | null {
  return value === null || value === undefined ? null : (value as Node);
}

/** Returns the text of a scalar node, with "" for an empty one. */
export function scalarText(node: Scalar): string {
  const value = node.value;
  return value === null || value === undefined ? "" : String(value);
}

/** Tells whether a loaded value is a mapping (a plain object). */
export function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) &&
    !(value instanceof Date) && !(value instanceof Uint8Array);
}

/** Lists the entries of a loaded mapping with their origins, for merging. */
export function entriesOf(source: Record<string, unknown>, fallback: NodeOrigin): MergedEntry[] {
  return Object.keys(source).map((key) => ({
    key,
    value: source[key],
    origin: originFromTable(source, key) ?? fallback,
  }));
}

/** Names the kind of a node for messages: mapping, sequence or scalar. */
export function describe(node: Node | null): string {
  if (node === null) return "an empty value";
  if (isMap(node)) return "mapping";
  if (isSeq(node)) return "sequence";
  return "scalar";
}

/** Sets `target[key]` and records its origin, also for the key `__proto__`. */
export function defineEntry(
  target: Record<string, unknown>,
  key: string,
  value: unknown,
  origin: NodeOrigin | undefined,
): void {
  if (key === "__proto__") {
    // Plain assignment would replace the prototype instead of adding a key.
    Object.defineProperty(target, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    target[key] = value;
  }
  if (origin !== undefined) setOrigin(target, key, origin);
}
