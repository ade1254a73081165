/** The `dict` merger: how a later mapping combines with an earlier one. */

import { copyOrigin } from "../yaml/origin.ts";
import { copyMapping, setEntry } from "./_containers.ts";
import { isMapping, type KeyPath, kindOf } from "./_python_values.ts";
import type { MergerOptions } from "./merger_spec.ts";
import type { KnownOptions, TypeMerger, ValueMerger } from "./type_merger.ts";

/**
 * Options of `dict(...)`. `recurse_dict` is always on in cloud-init, so the
 * option is accepted but changes nothing.
 */
export const DICT_OPTIONS: KnownOptions = [
  "replace",
  "no_replace",
  "allow_delete",
  "recurse_dict",
  "recurse_list",
  "recurse_array",
  "recurse_str",
];

/**
 * Merges mappings key by key, as cloud-init's `m_dict` does. Keys only in
 * the later mapping are added. For a key in both, `replace` lets the later
 * value win outright. Under `no_replace` (the default) the earlier value
 * stays, unless the later one is a mapping, a list with
 * `recurse_list`/`recurse_array`, or a string with `recurse_str`: then the
 * chain merges the two. With `allow_delete` a later null removes the key.
 * A later value that is not a mapping leaves the earlier mapping as it was.
 */
export class DictMerger implements TypeMerger {
  readonly kinds = ["dict"] as const;
  readonly #chain: ValueMerger;
  readonly #replace: boolean;
  readonly #recurseList: boolean;
  readonly #recurseStr: boolean;
  readonly #allowDelete: boolean;

  /** Creates the merger; `chain` merges the values under a key that both mappings have. */
  constructor(chain: ValueMerger, options: MergerOptions) {
    this.#chain = chain;
    // cloud-init checks "replace" before "no_replace", so giving both means replace.
    this.#replace = options.has("replace");
    this.#recurseList = options.has("recurse_array") || options.has("recurse_list");
    this.#recurseStr = options.has("recurse_str");
    this.#allowDelete = options.has("allow_delete");
  }

  /** Returns a new mapping with `mergeWith` merged into a copy of `value`. */
  merge(value: unknown, mergeWith: unknown, path: KeyPath): unknown {
    if (!isMapping(value) || !isMapping(mergeWith)) return value;

    const merged = copyMapping(value);
    for (const [key, newValue] of Object.entries(mergeWith)) {
      if (!Object.hasOwn(merged, key)) {
        setEntry(merged, key, newValue);
        copyOrigin(mergeWith, key, merged, key);
        continue;
      }

      if (newValue === null && this.#allowDelete) {
        delete merged[key];
        continue;
      }

      const oldValue = merged[key];
      const result = this.#mergeSameKey(oldValue, newValue, [...path, key]);
      if (result !== oldValue) {
        setEntry(merged, key, result);
        copyOrigin(mergeWith, key, merged, key);
      }
    }
    return merged;
  }

  #mergeSameKey(oldValue: unknown, newValue: unknown, path: KeyPath): unknown {
    if (this.#replace) return newValue;

    const newKind = kindOf(newValue);
    if (newKind === "list" && this.#recurseList) return this.#chain.merge(oldValue, newValue, path);
    if (newKind === "str" && this.#recurseStr) return this.#chain.merge(oldValue, newValue, path);
    if (newKind === "dict") return this.#chain.merge(oldValue, newValue, path);
    return oldValue;
  }
}
