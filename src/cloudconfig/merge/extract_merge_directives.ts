/** Reading the `merge_how` / `merge_type` directive out of a cloud-config document. */

import { type NodeOrigin, originOf } from "../yaml/origin.ts";
import { copyMapping } from "./_containers.ts";
import { describeType, isMapping } from "./_python_values.ts";
import { MergeError } from "./merge_error.ts";
import { MergerOptions, type MergerSpec } from "./merger_spec.ts";
import { parseMergeString } from "./parse_merge_string.ts";

/** A document with its merge directive taken out. */
export interface ExtractedDirectives {
  /** A one-level copy of the document without the directive key that was read. */
  config: Record<string, unknown>;
  /** The mergers the directive selects, in order; empty when there is none. */
  specs: MergerSpec[];
  /** Position of the directive's value, when the loader recorded it. */
  origin?: NodeOrigin;
}

/**
 * Takes the merge directive out of a cloud-config document, as cloud-init's
 * `dict_extract_mergers` does. `merge_how` is read first and removed. Only
 * when it is absent or null is `merge_type` read and removed, so a document
 * with both keeps `merge_type` as an ordinary key. The directive is either a
 * string (see `parseMergeString`) or a list whose items are
 * `{name, settings}` mappings or `[name, option, ...]` lists. Items with an
 * empty name are skipped. The input is not changed. Throws a MergeError that
 * names the directive's file and line when it cannot be read.
 */
export function extractMergeDirectives(document: Record<string, unknown>): ExtractedDirectives {
  const config = copyMapping(document);

  let key = "merge_how";
  let raw = takeKey(config, key);
  if (raw === null || raw === undefined) {
    key = "merge_type";
    raw = takeKey(config, key);
  }
  if (raw === null || raw === undefined) return { config, specs: [] };

  const origin = originOf(document, key);
  try {
    return { config, specs: parseDirective(raw), origin };
  } catch (error) {
    if (!(error instanceof MergeError)) throw error;
    throw error.withLocation(origin ?? {});
  }
}

function takeKey(config: Record<string, unknown>, key: string): unknown {
  if (!Object.hasOwn(config, key)) return undefined;
  const value = config[key];
  delete config[key];
  return value;
}

function parseDirective(raw: unknown): MergerSpec[] {
  if (typeof raw === "string") return parseMergeString(raw);

  // Python iterates a mapping over its keys; each key then reads as a
  // one-string list item, which names no real merger.
  let items: unknown[];
  if (Array.isArray(raw)) items = raw;
  else if (isMapping(raw)) items = Object.keys(raw);
  else {
    throw new MergeError(
      `Invalid merge directive: expected a string or a list, got ${describeType(raw)}.`,
      'Write it as "list(append)+dict(no_replace,recurse_list)" or as a list of ' +
        "{name, settings} mappings.",
    );
  }

  const specs: MergerSpec[] = [];
  items.forEach((item, index) => {
    const spec = isMapping(item) ? specFromMapping(item, index) : specFromSequence(item, index);
    if (spec !== undefined) specs.push(spec);
  });
  return specs;
}

function specFromMapping(item: Record<string, unknown>, index: number): MergerSpec | undefined {
  for (const required of ["name", "settings"]) {
    if (!Object.hasOwn(item, required)) {
      throw new MergeError(
        `Invalid merge directive item ${index}: the key "${required}" is missing.`,
        'Give both keys, for example {name: list, settings: [append]}; use "settings: []" ' +
          "for no options.",
      );
    }
  }
  if (typeof item.name !== "string") {
    throw new MergeError(
      `Invalid merge directive item ${index}: the name is ${describeType(item.name)}, ` +
        "expected a string.",
      "Name one of the mergers dict, list or str.",
    );
  }

  // Unlike the string form, the list form is not lower-cased.
  const name = item.name.replaceAll("-", "_").trim();
  if (name === "") return undefined;
  return { name, options: MergerOptions.fromSettings(item.settings, name) };
}

function specFromSequence(item: unknown, index: number): MergerSpec | undefined {
  // Python reads `item[0]` as the name and `item[1:]` as the options, which
  // for a string gives its first character and the rest of the string.
  let sequence: readonly unknown[] | string;
  if (Array.isArray(item)) sequence = item;
  else if (typeof item === "string") sequence = item;
  else {
    throw new MergeError(
      `Invalid merge directive item ${index}: expected a {name, settings} mapping or a list, ` +
        `got ${describeType(item)}.`,
      "Write each item as {name: list, settings: [append]}.",
    );
  }
  if (sequence.length === 0) {
    throw new MergeError(
      `Invalid merge directive item ${index}: it is empty.`,
      "Write each item as {name: list, settings: [append]}, or remove the empty item.",
    );
  }

  const name = sequence[0];
  if (isFalsyInPython(name)) return undefined;
  if (typeof name !== "string") {
    throw new MergeError(
      `Invalid merge directive item ${index}: the name is ${describeType(name)}, ` +
        "expected a string.",
      "Name one of the mergers dict, list or str.",
    );
  }
  const rest = sequence.slice(1);
  const options = typeof rest === "string"
    ? MergerOptions.fromSettings(rest, name)
    : MergerOptions.fromSettings([...rest], name);
  return { name, options };
}

function isFalsyInPython(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === "") return true;
  if (value === 0 || value === 0n) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (isMapping(value)) return Object.keys(value).length === 0;
  return false;
}
