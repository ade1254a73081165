/**
 * Parsing of `#include` bodies as cloud-init reads them: one URL per line,
 * `#include` and `#include-once` lines switch the mode for the URLs after
 * them (and may carry a URL themselves), other `#` lines are comments.
 */

/** One URL to include, and whether it is fetched only once. */
export interface IncludeEntry {
  url: string;
  once: boolean;
}

/** Returns the URLs of an include body in order. `onceByDefault` is true for `text/x-include-once-url`. */
export function parseIncludeLines(text: string, onceByDefault = false): IncludeEntry[] {
  const entries: IncludeEntry[] = [];
  let once = onceByDefault;
  for (const rawLine of text.split(/\r?\n/)) {
    let line = rawLine;
    const lowered = line.toLowerCase();
    if (lowered.startsWith("#include-once")) {
      line = line.slice("#include-once".length).trimStart();
      once = true;
    } else if (lowered.startsWith("#include")) {
      line = line.slice("#include".length).trimStart();
      once = false;
    }
    if (line.startsWith("#")) continue;
    const url = line.trim();
    if (url !== "") entries.push({ url, once });
  }
  return entries;
}
