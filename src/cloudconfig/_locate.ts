/**
 * Helpers that place a problem: the line and column of a key path in a loaded
 * document, whether the value at a path is a secret, and the closest known
 * key to a misspelt one.
 */

import type { Problem } from "./problem.ts";
import { containerOriginOf, type NodeOrigin, originOf } from "./yaml/origin.ts";

/** Key path segments, as in `["users", 1, "groups"]`. */
export type Segments = readonly (string | number)[];

/** Returns the value at `path` inside `root`, or undefined when the path does not exist. */
export function valueAt(root: unknown, path: Segments): unknown {
  let current = root;
  for (const segment of path) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

/**
 * Returns the file, line and column recorded for the value at `path`, from
 * the nearest ancestor that has an origin. The file is left out when the
 * origin does not name one.
 */
export function positionOf(
  root: unknown,
  path: Segments,
): Pick<Problem, "file" | "line" | "column"> {
  for (let length = path.length; length > 0; length--) {
    const container = valueAt(root, path.slice(0, length - 1));
    if (typeof container !== "object" || container === null) continue;
    const origin = originOf(container, path[length - 1]);
    if (origin !== undefined) return fromOrigin(origin);
  }
  if (typeof root === "object" && root !== null) {
    const origin = containerOriginOf(root);
    if (origin !== undefined) return fromOrigin(origin);
  }
  return {};
}

function fromOrigin(origin: NodeOrigin): Pick<Problem, "file" | "line" | "column"> {
  const position: Pick<Problem, "file" | "line" | "column"> = {
    line: origin.line,
    column: origin.column,
  };
  if (origin.file !== undefined) position.file = origin.file;
  return position;
}

const SECRET_KEYS = new Set(["passwd", "hashed_passwd", "hashed-passwd", "plain_text_passwd"]);
SECRET_KEYS.add("plain-text-passwd").add("password");

/**
 * Reports whether the value at `path` (or anything below it) is a secret:
 * passwords in any form, everything under `chpasswd`, and private host keys
 * in `ssh_keys`. Messages about such values name the key path only.
 */
export function isSecretPath(path: Segments): boolean {
  if (path[0] === "chpasswd") return true;
  if (path[0] === "ssh_keys" && typeof path[1] === "string" && path[1].endsWith("_private")) {
    return true;
  }
  return path.some((segment) => typeof segment === "string" && SECRET_KEYS.has(segment));
}

/** Returns the known key closest to `key` when it is near enough to be a likely typo. */
export function closestKey(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const limit = Math.max(1, Math.floor(key.length / 3));
  return bestDistance <= limit ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length];
}

/** Quotes a value for a message, or names it as a secret when `path` contains one. */
export function quoteValue(value: unknown, path: Segments): string {
  if (isSecretPath(path)) return "(secret value not shown)";
  if (typeof value === "string") return JSON.stringify(value);
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return `${value.length} bytes`;
  if (typeof value === "bigint") return String(value);
  const text = JSON.stringify(value);
  if (text === undefined) return String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
