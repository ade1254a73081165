/**
 * Schema of the merge directives `merge_how` and `merge_type`.
 */

import { z } from "../../zod.ts";

/** Merge settings cloud-init's mergers understand. */
export const MERGE_SETTINGS = [
  "allow_delete",
  "no_replace",
  "replace",
  "append",
  "prepend",
  "recurse_dict",
  "recurse_list",
  "recurse_array",
  "recurse_str",
] as const;

/** A merge directive: a string such as `list(append)+dict(recurse_array)`, or a list of mergers. */
export const mergeDirectiveSchema = z.union([
  z.string(),
  z.array(z.looseObject({
    name: z.enum(["list", "dict", "str"]),
    settings: z.array(z.enum(MERGE_SETTINGS)),
  })).min(1),
]);

/** Top-level merge keys and their schemas. */
export const mergeKeys = {
  merge_how: mergeDirectiveSchema,
  merge_type: mergeDirectiveSchema,
};
