/** The merger chain built from a merge directive, like cloud-init's `LookupMerger`. */

import { type KeyPath, kindOf } from "./_python_values.ts";
import { DICT_OPTIONS, DictMerger } from "./dict_merger.ts";
import { LIST_OPTIONS, ListMerger } from "./list_merger.ts";
import { MergeError } from "./merge_error.ts";
import { formatMergerSpecs, type MergerOptions, type MergerSpec } from "./merger_spec.ts";
import { STR_OPTIONS, StrMerger } from "./str_merger.ts";
import type { KnownOptions, TypeMerger, ValueMerger } from "./type_merger.ts";

interface MergerFactory {
  known: KnownOptions;
  create(chain: ValueMerger, options: MergerOptions): TypeMerger;
}

// cloud-init imports `cloudinit.mergers.m_<name>`, and only these three exist.
const FACTORIES: ReadonlyMap<string, MergerFactory> = new Map([
  ["m_dict", { known: DICT_OPTIONS, create: (chain, options) => new DictMerger(chain, options) }],
  ["m_list", { known: LIST_OPTIONS, create: (chain, options) => new ListMerger(chain, options) }],
  ["m_str", { known: STR_OPTIONS, create: (_chain, options) => new StrMerger(options) }],
]);

/** Receives a note about a directive entry that works, but probably not as its author meant. */
export type DirectiveWarning = (message: string, hint: string, spec: MergerSpec) => void;

/**
 * Merges values with the mergers a directive lists. For each pair, the type
 * of the earlier value picks the first merger in the list that handles it
 * (a dict, list or str merger). When none does, or the earlier value is
 * null, a number, a boolean or a timestamp, the earlier value is kept.
 * This is why `merge_how: "list(append)"` alone leaves the config as it was:
 * the document is a mapping, and no dict merger is listed.
 */
export class MergerChain implements ValueMerger {
  readonly #mergers: TypeMerger[] = [];
  readonly #specs: readonly MergerSpec[];

  /**
   * Builds the chain. Throws a MergeError for a merger name other than
   * `dict`, `list` and `str` (each may also be written with the prefix
   * `m_`). Options a merger does not read are ignored, as cloud-init does,
   * and reported through `warn`.
   */
  constructor(specs: readonly MergerSpec[], warn?: DirectiveWarning) {
    this.#specs = specs;
    const factories = specs.map((spec) => [spec, resolve(spec.name)] as const);
    for (const [spec, factory] of factories) {
      if (warn !== undefined) warnAboutOptions(spec, factory.known, warn);
      this.#mergers.push(factory.create(this, spec.options));
    }
  }

  /** Returns `value` merged with the later `mergeWith`; neither input is changed. */
  merge(value: unknown, mergeWith: unknown, path: KeyPath = []): unknown {
    const kind = kindOf(value);
    const merger = this.#mergers.find((candidate) => candidate.kinds.some((k) => k === kind));
    return merger === undefined ? value : merger.merge(value, mergeWith, path);
  }

  /** Formats the chain's directive in the string form, for logs. */
  toString(): string {
    return formatMergerSpecs(this.#specs);
  }
}

function resolve(name: string): MergerFactory {
  const moduleName = name.startsWith("m_") ? name : `m_${name}`;
  const factory = FACTORIES.get(moduleName);
  if (factory !== undefined) return factory;
  throw new MergeError(
    `Unknown merger "${name}" in the merge directive: expected dict, list or str.`,
    'Use the mergers dict, list and str, for example "dict(no_replace,recurse_list)+list(append)".',
  );
}

function warnAboutOptions(spec: MergerSpec, known: KnownOptions, warn: DirectiveWarning): void {
  if (spec.options.isSubstringMatch) {
    warn(
      `The settings of merger "${spec.name}" are the string "${spec.options}", and cloud-init ` +
        'matches each option as a substring of it, so "no_replace" also selects "replace".',
      `Write the settings as a list, for example settings: [${spec.options}].`,
      spec,
    );
    return;
  }
  for (const option of spec.options.items()) {
    if (typeof option === "string" && known.includes(option)) continue;
    warn(
      `Unknown option "${String(option)}" for merger "${spec.name}" is ignored.`,
      `Use one of: ${known.join(", ")}.`,
      spec,
    );
  }
}
