/**
 * The source-text rule: where cloud-init's schema types a value as a string
 * and nothing else, a plain YAML scalar keeps the text the author wrote. YAML
 * 1.1 turns `NO` into false, `0700` into 448 and `2032-01-01` into a date;
 * cloud-init then passes `False`, `448` or the date back as text. EGS passes
 * `NO`, `0700` and `2032-01-01` instead.
 */

import type { z } from "zod";
import { cloudConfigSchema } from "./schema/cloud_config.ts";
import { walkMapping } from "./schema/_walk.ts";
import { originOf } from "./yaml/origin.ts";

/**
 * Replaces, in place, every non-string scalar at a string-only position of
 * `schema` by its source text, and returns how many values were replaced.
 * Null stays null. A value without a recorded plain-scalar source (a quoted
 * scalar cannot be a non-string, so this only happens for values built in
 * code) is left as it is, and validation reports it.
 */
export function applySourceText(
  config: Record<string, unknown>,
  schema: z.ZodType = cloudConfigSchema,
): number {
  let replaced = 0;
  walkMapping(schema, config, [], {
    onNonStringScalar(container, key) {
      const source = originOf(container, key)?.source;
      if (source === undefined) return;
      container[key] = source;
      replaced++;
    },
  });
  return replaced;
}
