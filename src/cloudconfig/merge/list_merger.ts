/** The `list` merger: how a later value combines with an earlier list. */

import { copyOrigin } from "../yaml/origin.ts";
import { concatenateWithOrigins } from "./_containers.ts";
import {
  indexLikePython,
  iterateLikePython,
  type KeyPath,
  kindOf,
  lengthLikePython,
} from "./_python_values.ts";
import type { MergerOptions } from "./merger_spec.ts";
import type { KnownOptions, TypeMerger, ValueMerger } from "./type_merger.ts";

/** Options of `list(...)`. */
export const LIST_OPTIONS: KnownOptions = [
  "append",
  "prepend",
  "replace",
  "no_replace",
  "recurse_dict",
  "recurse_list",
  "recurse_array",
  "recurse_str",
];

type ListMethod = "append" | "prepend" | "replace" | "no_replace";

// cloud-init takes the first of these that the options contain.
const METHODS: readonly ListMethod[] = ["append", "prepend", "replace", "no_replace"];

/**
 * Merges a later value into an earlier list, as cloud-init's `m_list` does.
 * `append` and `prepend` join the two lists. `replace` (the default) returns
 * a later value that is not a list as it is. A later list replaces the
 * earlier one item by item: the tail of a longer earlier list stays, and the
 * tail of a longer later list is dropped. An item pair is merged
 * through the chain instead when the later item is a list and
 * `recurse_list`/`recurse_array` is set, a string and `recurse_str` is set,
 * or a mapping and `recurse_dict` is set. `no_replace` keeps every earlier
 * item. Joining with or indexing into a value that is not a list follows
 * Python: a string counts as its characters, a mapping as its keys, and
 * null or a number raises a MergeError.
 */
export class ListMerger implements TypeMerger {
  readonly kinds = ["list"] as const;
  readonly #chain: ValueMerger;
  readonly #method: ListMethod;
  readonly #recurseList: boolean;
  readonly #recurseStr: boolean;
  readonly #recurseDict: boolean;

  /** Creates the merger; `chain` merges item pairs when a recurse option is set. */
  constructor(chain: ValueMerger, options: MergerOptions) {
    this.#chain = chain;
    this.#method = METHODS.find((method) => options.has(method)) ?? "replace";
    this.#recurseList = options.has("recurse_array") || options.has("recurse_list");
    this.#recurseStr = options.has("recurse_str");
    this.#recurseDict = options.has("recurse_dict");
  }

  /** Returns the merged value; a new list unless `replace` returns a later non-list value. */
  merge(value: unknown, mergeWith: unknown, path: KeyPath): unknown {
    if (!Array.isArray(value)) return value;
    if (this.#method === "replace" && !Array.isArray(mergeWith)) return mergeWith;

    const later = Array.isArray(mergeWith) ? mergeWith : undefined;
    if (this.#method === "prepend") {
      const items = iterateLikePython(mergeWith, path, "prepend with list(prepend)");
      return concatenateWithOrigins(
        [{ items, source: later }, { items: value, source: value }],
        value,
      );
    }
    if (this.#method === "append") {
      const items = iterateLikePython(mergeWith, path, "append with list(append)");
      return concatenateWithOrigins(
        [{ items: value, source: value }, { items, source: later }],
        value,
      );
    }

    const merged = concatenateWithOrigins([{ items: value, source: value }], value);
    const commonLength = Math.min(merged.length, lengthLikePython(mergeWith, path));
    for (let index = 0; index < commonLength; index++) {
      const newItem = indexLikePython(mergeWith, index, path);
      const oldItem = merged[index];
      const result = this.#mergeSameIndex(oldItem, newItem, [...path, index]);
      if (result !== oldItem) {
        merged[index] = result;
        if (later !== undefined) copyOrigin(later, index, merged, index);
      }
    }
    return merged;
  }

  #mergeSameIndex(oldItem: unknown, newItem: unknown, path: KeyPath): unknown {
    if (this.#method === "no_replace") return oldItem;

    const newKind = kindOf(newItem);
    if (newKind === "list" && this.#recurseList) return this.#chain.merge(oldItem, newItem, path);
    if (newKind === "str" && this.#recurseStr) return this.#chain.merge(oldItem, newItem, path);
    if (newKind === "dict" && this.#recurseDict) return this.#chain.merge(oldItem, newItem, path);
    return newItem;
  }
}
