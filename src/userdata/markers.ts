/**
 * Classification of a payload by its first line, as cloud-init's
 * `type_from_starts_with` does it, plus the Windows markers of cloudbase-init.
 */

import { ContentType, FIRST_LINE_MARKERS } from "./content_types.ts";

const JINJA_HEADER = /^##\s*template:\s*jinja\s*(\n|$)/i;

/**
 * Returns the content type the start of `text` selects, or undefined when it
 * starts with no known marker. Case and leading whitespace are ignored, as in
 * cloud-init.
 */
export function contentTypeFromFirstLine(text: string): string | undefined {
  const start = text.trimStart();
  const lowered = start.slice(0, 64).toLowerCase();
  if (JINJA_HEADER.test(lowered) || lowered.startsWith("## template: jinja")) {
    return ContentType.jinja;
  }
  for (const [marker, type] of FIRST_LINE_MARKERS) {
    if (lowered.startsWith(marker)) return type;
  }
  return undefined;
}

/** Returns the first line of `text` after leading whitespace, without its line break. */
export function firstLine(text: string): string {
  const start = text.trimStart();
  const end = start.indexOf("\n");
  return end === -1 ? start : start.slice(0, end);
}

/** Removes the first line (the marker line) of `text`. */
export function withoutFirstLine(text: string): string {
  const start = text.trimStart();
  const end = start.indexOf("\n");
  return end === -1 ? "" : start.slice(end + 1);
}
