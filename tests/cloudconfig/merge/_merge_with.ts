/** Test helper: merges two values with the chain a directive string builds. */

import { MergerChain, parseMergeString } from "../../../src/cloudconfig/merge/mod.ts";

/** Returns `value` merged with `mergeWith` by the mergers `directive` lists. */
export function mergeWith(directive: string, value: unknown, mergeWith: unknown): unknown {
  return new MergerChain(parseMergeString(directive)).merge(value, mergeWith);
}

/** One row of a merge table: directive, earlier value, later value and the expected result. */
export interface MergeCase {
  directive: string;
  value: unknown;
  mergeWith: unknown;
  expected: unknown;
}
