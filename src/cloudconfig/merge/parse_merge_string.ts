/** Parsing of the string form of a merge directive, `dict(no_replace,recurse_list)+list(append)`. */

import { MergeError } from "./merge_error.ts";
import { MergerOptions, type MergerSpec } from "./merger_spec.ts";

// cloud-init's pattern for one `name(options)` entry; it runs after the entry
// is lower-cased, stripped and has "-" replaced by "_".
const ENTRY_PATTERN = /^([a-zA-Z_][A-Za-z0-9_]*)\((.*?)\)$/;

/**
 * Parses a `merge_how`/`merge_type` string or a `Merge-Type` header value.
 * Entries are separated by `+`; names and options are case-insensitive, and
 * `-` counts as `_`. Empty entries and options are skipped, so an empty
 * string yields no specs. Throws a MergeError naming the first entry that
 * is not of the form `name(option,...)`.
 */
export function parseMergeString(text: string): MergerSpec[] {
  const specs: MergerSpec[] = [];

  for (const rawEntry of text.split("+")) {
    const entry = rawEntry.toLowerCase().trim().replaceAll("-", "_");
    if (entry === "") continue;

    const match = ENTRY_PATTERN.exec(entry);
    if (match === null) {
      throw new MergeError(
        `Invalid merge directive entry "${entry}" in "${text}": expected name(option,...).`,
        'Write each entry as a merger name with its options in parentheses, joined by "+", ' +
          'for example "dict(no_replace,recurse_list)+list(append)".',
      );
    }

    const [, name, optionText] = match;
    const options = optionText.trim().split(",")
      .map((option) => option.trim().toLowerCase())
      .filter((option) => option !== "");
    specs.push({ name, options: MergerOptions.of(options) });
  }

  return specs;
}
