/**
 * One entry of a merge directive: a merger name with its options, as
 * `list(append)` or `{name: list, settings: [append]}` write it.
 */

import { describeType, isMapping } from "./_python_values.ts";
import { MergeError } from "./merge_error.ts";

/**
 * The options of one merger. cloud-init tests each option with Python's
 * `in`, so the meaning depends on how the options were written: a list
 * matches whole items, a mapping matches keys, and a string matches any
 * substring (the string "no_replace" also contains "replace").
 */
export class MergerOptions {
  readonly #raw: readonly unknown[] | string | ReadonlySet<unknown>;

  private constructor(raw: readonly unknown[] | string | ReadonlySet<unknown>) {
    this.#raw = raw;
  }

  /** Creates options from a list of option names, as the string form produces them. */
  static of(names: readonly string[]): MergerOptions {
    return new MergerOptions([...names]);
  }

  /**
   * Creates options from a `settings` value of the list form. Throws a
   * MergeError for values Python's `in` cannot search (null, numbers,
   * booleans), which make cloud-init drop the part.
   */
  static fromSettings(raw: unknown, mergerName: string): MergerOptions {
    if (Array.isArray(raw) || typeof raw === "string") return new MergerOptions(raw);
    if (isMapping(raw)) return new MergerOptions(new Set(Object.keys(raw)));
    if (raw instanceof Set) return new MergerOptions(raw);
    throw new MergeError(
      `Invalid settings for merger "${mergerName}": expected a list of option names, ` +
        `got ${describeType(raw)}.`,
      `Write the options as a list, for example {name: ${mergerName}, settings: [append]}.`,
    );
  }

  /** Returns true when cloud-init's `option in opts` test would be true. */
  has(option: string): boolean {
    if (typeof this.#raw === "string") return this.#raw.includes(option);
    if (Array.isArray(this.#raw)) return this.#raw.includes(option);
    return (this.#raw as ReadonlySet<unknown>).has(option);
  }

  /** True when the options were written as one string, which cloud-init matches by substring. */
  get isSubstringMatch(): boolean {
    return typeof this.#raw === "string";
  }

  /** Lists the options as written, for messages and for the check against known options. */
  items(): unknown[] {
    return typeof this.#raw === "string" ? [this.#raw] : [...this.#raw];
  }

  /** Formats the options as the string form writes them: `append,recurse_list`. */
  toString(): string {
    return this.items().map((item) => String(item)).join(",");
  }
}

/** A merger selected by a merge directive, with its options. */
export interface MergerSpec {
  /** Merger name as written after normalization, such as `dict` or `m_list`. */
  readonly name: string;
  /** Options that change how the merger combines values. */
  readonly options: MergerOptions;
}

/** Formats specs in the string form, such as `dict(replace)+list()+str()`. */
export function formatMergerSpecs(specs: readonly MergerSpec[]): string {
  return specs.map((spec) => `${spec.name}(${spec.options})`).join("+");
}
