/** The `str` merger: how a later value combines with an earlier string. */

import { describePath, describeType, type KeyPath } from "./_python_values.ts";
import { MergeError } from "./merge_error.ts";
import type { MergerOptions } from "./merger_spec.ts";
import type { KnownOptions, TypeMerger } from "./type_merger.ts";

/** Options of `str(...)`: cloud-init's string merger reads only `append`. */
export const STR_OPTIONS: KnownOptions = ["append"];

/**
 * Merges a later value into an earlier string, as cloud-init's `m_str`
 * does: the later value wins, unless `append` is set, which joins two
 * strings. Appending anything but a string raises a MergeError, as Python's
 * `str + list` does. The dict and list mergers only reach this merger for
 * a later string when they have `recurse_str`.
 */
export class StrMerger implements TypeMerger {
  readonly kinds = ["str"] as const;
  readonly #append: boolean;

  /** Creates the merger from its options. */
  constructor(options: MergerOptions) {
    this.#append = options.has("append");
  }

  /** Returns the later value, or the two strings joined when `append` is set. */
  merge(value: unknown, mergeWith: unknown, path: KeyPath): unknown {
    if (typeof value !== "string" || !this.#append) return mergeWith;
    if (typeof mergeWith !== "string") {
      throw new MergeError(
        `Cannot append ${describeType(mergeWith)} to the string at ${describePath(path)}: ` +
          "str(append) joins strings only.",
        "Make both values strings, or leave append out of str().",
      );
    }
    return value + mergeWith;
  }
}
