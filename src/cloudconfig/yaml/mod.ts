/** The YAML 1.1 loader that reads user-data as cloud-init's PyYAML SafeLoader does. */

export { loadYaml, type LoadYamlOptions } from "./load_yaml.ts";
export { type YamlLocation, YamlSyntaxError } from "./yaml_error.ts";
export {
  containerOriginOf,
  copyOrigin,
  type NodeOrigin,
  originOf,
  setContainerOrigin,
  setOrigin,
} from "./origin.ts";
export { toPlainJson } from "./to_plain.ts";
export { formatPythonTimestamp, type TimestampParts, timestampPartsOf } from "./timestamp.ts";
export { MAX_ALIAS_EXPANSION } from "./anchor_table.ts";
export { MAX_NESTING_DEPTH } from "./construct_document.ts";
