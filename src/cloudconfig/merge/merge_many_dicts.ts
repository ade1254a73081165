/** Layering whole configs, where the first layer wins, like cloud-init's `util.mergemanydict`. */

import { describeType, isMapping } from "./_python_values.ts";
import { LAYER_DEFAULT_DIRECTIVE } from "./default_directives.ts";
import { extractMergeDirectives } from "./extract_merge_directives.ts";
import { MergeError } from "./merge_error.ts";
import { MergerChain } from "./merger_chain.ts";
import { parseMergeString } from "./parse_merge_string.ts";

/** Options of {@linkcode mergeManyDicts}. */
export interface MergeManyDictsOptions {
  /** Merges the sources last to first, so the last one wins. */
  reverse?: boolean;
}

/**
 * Merges config layers in order, highest priority first, as cloud-init's
 * `util.mergemanydict` does. Null and empty sources are skipped. Each
 * source merges with the mergers of its own `merge_how`/`merge_type`,
 * else with `list()+dict()+str()`: keys already present keep their value,
 * nested mappings are merged the same way, and missing keys are added.
 * EGS passes `[userData, vendorData]`, so user-data wins. The sources are
 * not changed. Throws a MergeError when a directive cannot be read or two
 * values cannot be combined, as cloud-init raises.
 */
export function mergeManyDicts(
  sources: readonly (Record<string, unknown> | null | undefined)[],
  options: MergeManyDictsOptions = {},
): Record<string, unknown> {
  const ordered = options.reverse === true ? [...sources].reverse() : sources;
  let merged: Record<string, unknown> = {};

  ordered.forEach((source, index) => {
    if (source === null || source === undefined) return;
    if (!isMapping(source)) {
      throw new MergeError(
        `Cannot merge config layer ${index}: it is ${describeType(source)}, expected a mapping.`,
        "Pass each layer as a mapping of config keys, or null to skip it.",
      );
    }
    if (Object.keys(source).length === 0) return;

    const { config, specs } = extractMergeDirectives(source);
    const chain = new MergerChain(
      specs.length > 0 ? specs : parseMergeString(LAYER_DEFAULT_DIRECTIVE),
    );
    merged = chain.merge(merged, config) as Record<string, unknown>;
  });

  return merged;
}
