/** The merge directives cloud-init uses when a part or a config layer names none. */

/**
 * Default for a cloud-config part of user-data or vendor-data: a later
 * part's top-level keys replace earlier ones, as if all parts had been
 * concatenated into one YAML file.
 */
export const PART_DEFAULT_DIRECTIVE = "dict(replace)+list()+str()";

/**
 * Default for `mergeManyDicts` layers: the first layer's values win, and
 * mappings are merged recursively so later layers only fill in missing keys.
 */
export const LAYER_DEFAULT_DIRECTIVE = "list()+dict()+str()";
