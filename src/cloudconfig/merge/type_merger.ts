/** The contract between the merger chain and the dict, list and str mergers. */

import type { KeyPath, ValueKind } from "./_python_values.ts";

/** Something that merges two values of any type; the chain passes itself to each merger. */
export interface ValueMerger {
  /**
   * Returns `value` combined with the later `mergeWith`. Never changes either
   * input. `path` is the key path of `value` in the merged document, for
   * error messages.
   */
  merge(value: unknown, mergeWith: unknown, path: KeyPath): unknown;
}

/**
 * A merger for one kind of existing value, like cloud-init's `Merger`
 * classes with their `_on_dict`, `_on_list` and `_on_str` methods.
 */
export interface TypeMerger {
  /** The kinds of existing value this merger combines with later values. */
  readonly kinds: readonly ValueKind[];
  /**
   * Returns `value` (of one of `kinds`) combined with `mergeWith`, which may
   * be of any type. Throws a MergeError where cloud-init raises.
   */
  merge(value: unknown, mergeWith: unknown, path: KeyPath): unknown;
}

/** Option names a merger reads; other options are accepted and ignored, as cloud-init does. */
export type KnownOptions = readonly string[];
