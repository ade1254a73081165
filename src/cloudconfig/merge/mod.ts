/** Merging of cloud-config parts and config layers with cloud-init's merge rules. */

export { type AddPartOptions, CloudConfigMerger } from "./cloud_config_merger.ts";
export type { CloudConfigMergerOptions } from "./cloud_config_merger.ts";
export { LAYER_DEFAULT_DIRECTIVE, PART_DEFAULT_DIRECTIVE } from "./default_directives.ts";
export { type ExtractedDirectives, extractMergeDirectives } from "./extract_merge_directives.ts";
export { applyJsonPatch } from "./json_patch.ts";
export { MergeError } from "./merge_error.ts";
export { mergeManyDicts, type MergeManyDictsOptions } from "./merge_many_dicts.ts";
export { findMergeTypeHeader, MERGE_TYPE_HEADERS } from "./merge_type_header.ts";
export { MergerChain } from "./merger_chain.ts";
export { formatMergerSpecs, MergerOptions, type MergerSpec } from "./merger_spec.ts";
export { parseMergeString } from "./parse_merge_string.ts";
