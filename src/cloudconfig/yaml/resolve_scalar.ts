/**
 * The implicit resolvers of PyYAML's SafeLoader (YAML 1.1): they pick the tag
 * of an untagged plain scalar from its text. Quoted and block scalars never
 * reach these resolvers because PyYAML always reads them as strings.
 */

/** Prefix of the tags in the `tag:yaml.org,2002:` namespace (written `!!name` in YAML). */
export const YAML_TAG_PREFIX = "tag:yaml.org,2002:";

/** Standard tags the loader constructs, keyed by their short name. */
export const YamlTag = {
  str: `${YAML_TAG_PREFIX}str`,
  int: `${YAML_TAG_PREFIX}int`,
  float: `${YAML_TAG_PREFIX}float`,
  bool: `${YAML_TAG_PREFIX}bool`,
  null: `${YAML_TAG_PREFIX}null`,
  binary: `${YAML_TAG_PREFIX}binary`,
  timestamp: `${YAML_TAG_PREFIX}timestamp`,
  merge: `${YAML_TAG_PREFIX}merge`,
  value: `${YAML_TAG_PREFIX}value`,
  map: `${YAML_TAG_PREFIX}map`,
  seq: `${YAML_TAG_PREFIX}seq`,
  set: `${YAML_TAG_PREFIX}set`,
  omap: `${YAML_TAG_PREFIX}omap`,
  pairs: `${YAML_TAG_PREFIX}pairs`,
} as const;

// The patterns below are PyYAML 6's resolver patterns (lib/yaml/resolver.py)
// written without the verbose-mode whitespace. PyYAML tries them in this order
// for a given first character, and the first match wins.
const BOOL = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;

const FLOAT = new RegExp(
  "^(?:[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+][0-9]+)?" +
    "|\\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?" +
    "|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*" +
    "|[-+]?\\.(?:inf|Inf|INF)" +
    "|\\.(?:nan|NaN|NAN))$",
);

const INT = new RegExp(
  "^(?:[-+]?0b[0-1_]+" +
    "|[-+]?0[0-7_]+" +
    "|[-+]?(?:0|[1-9][0-9_]*)" +
    "|[-+]?0x[0-9a-fA-F_]+" +
    "|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$",
);

const MERGE = /^<<$/;

const NULL = /^(?:~|null|Null|NULL|)$/;

/** The implicit timestamp pattern: a date, or a date and time with an optional zone. */
export const TIMESTAMP = new RegExp(
  "^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]" +
    "|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?" +
    "(?:[Tt]|[ \\t]+)[0-9][0-9]?" +
    ":[0-9][0-9]:[0-9][0-9](?:\\.[0-9]*)?" +
    "(?:[ \\t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$",
);

const VALUE = /^=$/;

type Resolver = readonly [tag: string, pattern: RegExp];

const RESOLVERS_BY_FIRST_CHARACTER = new Map<string, Resolver[]>();

function addResolver(tag: string, pattern: RegExp, firstCharacters: string[]): void {
  for (const character of firstCharacters) {
    const list = RESOLVERS_BY_FIRST_CHARACTER.get(character) ?? [];
    list.push([tag, pattern]);
    RESOLVERS_BY_FIRST_CHARACTER.set(character, list);
  }
}

addResolver(YamlTag.bool, BOOL, [..."yYnNtTfFoO"]);
addResolver(YamlTag.float, FLOAT, [..."-+0123456789."]);
addResolver(YamlTag.int, INT, [..."-+0123456789"]);
addResolver(YamlTag.merge, MERGE, ["<"]);
addResolver(YamlTag.null, NULL, ["~", "n", "N", ""]);
addResolver(YamlTag.timestamp, TIMESTAMP, [..."0123456789"]);
addResolver(YamlTag.value, VALUE, ["="]);

/**
 * Resolves the tag of an untagged plain scalar (or a scalar with the
 * non-specific tag `!`) as PyYAML's SafeLoader does.
 * Returns `tag:yaml.org,2002:str` when no resolver matches, so `y`, `n`,
 * `1e3` and `09` stay strings while `yes`, `1.0e+3` and `0644` do not.
 */
export function resolvePlainScalarTag(text: string): string {
  const first = text === "" ? "" : text[0];
  // Python's `$` also matches before one final line break, which matters for
  // block scalars tagged `!` (such as `! |` followed by `12`): PyYAML resolves those too.
  const withoutFinalBreak = text.endsWith("\n") ? text.slice(0, -1) : text;
  for (const [tag, pattern] of RESOLVERS_BY_FIRST_CHARACTER.get(first) ?? []) {
    if (pattern.test(text) || pattern.test(withoutFinalBreak)) return tag;
  }
  return YamlTag.str;
}
