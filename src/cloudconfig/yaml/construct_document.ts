/**
 * Walks the syntax tree that the `yaml` package parsed and builds the values
 * PyYAML's SafeLoader would build. Tags are resolved with PyYAML's own
 * resolvers, and `<<` merge keys and aliases follow PyYAML's rules. The
 * position of every value is recorded in the origin table of its container.
 * The walker is one recursive class, so it stays in one file of about 340 lines.
 */

import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  type LineCounter,
  type Node,
  type Scalar,
  type YAMLMap,
  type YAMLSeq,
} from "yaml";
import { formatKeyPath, type Problem } from "../problem.ts";
import { constructScalar, ScalarConstructionError, unknownTag } from "./construct_scalar.ts";
import { type NodeOrigin, setContainerOrigin, setOrigin } from "./origin.ts";
import {
  asNode,
  defineEntry,
  describe,
  entriesOf,
  type ExplicitEntry,
  isPlainRecord,
  type MergedEntry,
  scalarText,
} from "./_entries.ts";
import { pythonKeyIdentity, pythonStr } from "./python_text.ts";
import { resolvePlainScalarTag, YamlTag } from "./resolve_scalar.ts";
import { YamlSyntaxError } from "./yaml_error.ts";
import { AnchorTable } from "./anchor_table.ts";

/** Maximum nesting depth. Deeper input is rejected before the call stack runs out. */
export const MAX_NESTING_DEPTH = 1_000;

/** Inputs of DocumentConstructor besides the tree: the text, line positions and the warning list. */
export interface ConstructOptions {
  text: string;
  lineCounter: LineCounter;
  file?: string;
  warnings?: Problem[];
}

type Path = (string | number)[];

/** Builder of plain values from one parsed YAML document. Use one instance per document. */
export class DocumentConstructor {
  readonly #options: ConstructOptions;
  readonly #anchors: AnchorTable;
  #nodeCount = 0;
  #depth = 0;

  constructor(options: ConstructOptions) {
    this.#options = options;
    this.#anchors = new AnchorTable((node, message, hint) => this.#error(node, message, hint));
  }

  /** Constructs the value of `node`. The key path `path` appears in warnings. */
  construct(node: Node | null | undefined, path: Path = []): unknown {
    if (node === null || node === undefined) return null;
    if (isAlias(node)) {
      const resolved = this.#anchors.resolve(node.source, node);
      this.#nodeCount += resolved.size;
      return resolved.value;
    }

    if (this.#depth >= MAX_NESTING_DEPTH) {
      throw this.#error(
        node,
        `The document is nested more than ${MAX_NESTING_DEPTH} levels deep.`,
        "Flatten the structure.",
      );
    }
    const anchor = node.anchor;
    if (anchor !== undefined) {
      this.#anchors.begin(anchor, node, (earlier) => this.originOf(earlier).line);
    }
    const startCount = this.#nodeCount;
    this.#nodeCount += 1;
    this.#depth += 1;
    let value: unknown;
    try {
      value = this.#constructNode(node, path);
    } finally {
      this.#depth -= 1;
    }
    if (anchor !== undefined) this.#anchors.finish(node, value, this.#nodeCount - startCount);
    return value;
  }

  /** Returns the position of `node` and, for scalars, how it was written. */
  originOf(node: Node): NodeOrigin {
    const offset = node.range?.[0] ?? 0;
    const position = this.#options.lineCounter.linePos(offset);
    const origin: NodeOrigin = { line: position.line, column: position.col };
    if (this.#options.file !== undefined) origin.file = this.#options.file;
    const target = isAlias(node) ? this.#anchors.lookup(node.source) : node;
    if (target !== undefined && isScalar(target)) {
      if (target.type === "PLAIN" || target.type === undefined) {
        const range = target.range;
        if (range) origin.source = this.#options.text.slice(range[0], range[1]);
      } else {
        origin.quoted = true;
      }
    }
    return origin;
  }

  #constructNode(node: Node, path: Path): unknown {
    if (isScalar(node)) return this.#constructScalarNode(node);
    if (isMap(node)) return this.#constructMappingNode(node as MappingNode, path);
    if (isSeq(node)) return this.#constructSequenceNode(node as SequenceNode, path);
    throw this.#error(
      node,
      "Cannot load this YAML node: its kind is unknown.",
      "Check the syntax at this position.",
    );
  }

  /** Returns the tag PyYAML would give a scalar node: explicit, resolved, or `str`. */
  #scalarTag(node: Scalar): string {
    const tag = node.tag;
    const plain = node.type === "PLAIN" || node.type === undefined;
    // The non-specific tag `!` makes PyYAML resolve even a quoted or block
    // scalar from its text, so `! '12'` is the integer 12.
    if ((tag === undefined && plain) || tag === "!") return resolvePlainScalarTag(scalarText(node));
    return tag ?? YamlTag.str;
  }

  #constructScalarNode(node: Scalar): unknown {
    try {
      return constructScalar(this.#scalarTag(node), scalarText(node));
    } catch (error) {
      if (error instanceof ScalarConstructionError) {
        throw this.#error(node, error.message, error.hint);
      }
      throw error;
    }
  }

  #constructMappingNode(node: MappingNode, path: Path): unknown {
    const tag = node.tag;
    if (tag === YamlTag.set) return this.#constructSet(node);
    if (tag !== undefined && tag !== "!" && tag !== YamlTag.map) {
      throw this.#tagMismatch(node, tag, "mapping");
    }
    const result: Record<string, unknown> = {};
    setContainerOrigin(result, this.originOf(node));
    const merged: MergedEntry[][] = [];
    const explicit: ExplicitEntry[] = [];
    const seen = new Map<string, { key: string; line: number }>();

    for (const pair of node.items) {
      const keyNode = asNode(pair.key);
      const valueNode = asNode(pair.value);
      if (keyNode !== null && this.#isMergeKey(keyNode)) {
        merged.push(this.#mergeEntries(node, valueNode, path));
        continue;
      }
      const constructed = this.#constructKey(keyNode, node);
      const where = this.originOf(valueNode ?? keyNode ?? node);
      const first = seen.get(constructed.identity);
      // Python keeps the first of two equal keys (`1` and `1.0`) and the last value.
      const key = first?.key ?? constructed.key;
      if (first !== undefined) this.#warnDuplicate(key, path, keyNode ?? node, first.line);
      else seen.set(constructed.identity, { key, line: this.originOf(keyNode ?? node).line });
      const value = this.construct(valueNode, [...path, key]);
      explicit.push({ key, value, origin: where });
    }

    // PyYAML puts merged pairs before the explicit ones and lets later pairs
    // win, so explicit keys override merged ones and, within one `<<` list,
    // earlier mappings override later ones.
    for (const group of merged) {
      for (const entry of group) defineEntry(result, entry.key, entry.value, entry.origin);
    }
    for (const entry of explicit) defineEntry(result, entry.key, entry.value, entry.origin);
    return result;
  }

  #mergeEntries(mapping: Node, valueNode: Node | null, path: Path): MergedEntry[] {
    const value = this.construct(valueNode, path);
    const sourceNode = valueNode === null ? null : this.#deref(valueNode);
    if (sourceNode !== null && isMap(sourceNode) && isPlainRecord(value)) {
      return entriesOf(value, this.originOf(sourceNode));
    }
    if (sourceNode !== null && isSeq(sourceNode) && Array.isArray(value)) {
      const groups: MergedEntry[][] = [];
      sourceNode.items.forEach((item, index) => {
        const itemNode = this.#deref(asNode(item));
        const itemValue = value[index];
        if (itemNode === null || !isMap(itemNode) || !isPlainRecord(itemValue)) {
          throw this.#error(
            asNode(item) ?? mapping,
            `Expected a mapping for merging, but found ${describe(itemNode)}.`,
            "List only mappings (or aliases of mappings) after `<<:`.",
          );
        }
        groups.push(entriesOf(itemValue, this.originOf(itemNode)));
      });
      return groups.reverse().flat();
    }
    throw this.#error(
      valueNode ?? mapping,
      `Expected a mapping or a list of mappings for merging, but found ${describe(sourceNode)}.`,
      "Put an alias of a mapping (`<<: *defaults`) or a list of them after `<<:`, or quote the key if `<<` is meant as text.",
    );
  }

  #constructKey(keyNode: Node | null, mapping: Node): { key: string; identity: string } {
    if (keyNode === null) return { key: "None", identity: pythonKeyIdentity(null) };
    const target = this.#deref(keyNode);
    if (target !== null && (isMap(target) || isSeq(target))) {
      throw this.#error(
        keyNode,
        `Found an unhashable key: a ${describe(target)} cannot be a mapping key.`,
        "Use a plain string as the key.",
      );
    }
    if (target !== null && isScalar(target) && this.#scalarTag(target) === YamlTag.value) {
      // PyYAML reads a plain `=` key as the string "=" (the YAML 1.1 value key).
      return { key: "=", identity: pythonKeyIdentity("=") };
    }
    const value = this.construct(keyNode);
    const isFloat = target !== null && isScalar(target) &&
      this.#scalarTag(target) === YamlTag.float;
    const key = pythonStr(value, isFloat);
    if (key === undefined) {
      throw this.#error(
        keyNode ?? mapping,
        "Found an unhashable key.",
        "Use a plain string as the key.",
      );
    }
    return { key, identity: pythonKeyIdentity(value, isFloat) };
  }

  #constructSequenceNode(node: SequenceNode, path: Path): unknown {
    const tag = node.tag;
    if (tag === YamlTag.omap || tag === YamlTag.pairs) return this.#constructPairs(node);
    if (tag !== undefined && tag !== "!" && tag !== YamlTag.seq) {
      throw this.#tagMismatch(node, tag, "sequence");
    }
    const result: unknown[] = [];
    setContainerOrigin(result, this.originOf(node));
    node.items.forEach((item, index) => {
      const itemNode = asNode(item);
      result.push(this.construct(itemNode, [...path, index]));
      setOrigin(result, index, this.originOf(itemNode ?? node));
    });
    return result;
  }

  /** Builds `!!set` as an array of its keys, because JSON has no set type. */
  #constructSet(node: MappingNode): unknown[] {
    const result: unknown[] = [];
    setContainerOrigin(result, this.originOf(node));
    for (const pair of node.items) {
      const keyNode = asNode(pair.key);
      result.push(this.construct(keyNode));
      setOrigin(result, result.length - 1, this.originOf(keyNode ?? node));
    }
    return result;
  }

  /** Builds `!!omap` and `!!pairs` as an array of `[key, value]` pairs, where PyYAML builds tuples. */
  #constructPairs(node: SequenceNode): unknown[] {
    const result: unknown[] = [];
    setContainerOrigin(result, this.originOf(node));
    for (const item of node.items) {
      const itemNode = asNode(item);
      if (itemNode === null || !isMap(itemNode) || itemNode.items.length !== 1) {
        throw this.#error(
          itemNode ?? node,
          `Expected a mapping with a single key in !!omap or !!pairs, but found ${
            describe(itemNode)
          }.`,
          "Write each entry as `- key: value`.",
        );
      }
      const [pair] = itemNode.items;
      result.push([this.construct(asNode(pair.key)), this.construct(asNode(pair.value))]);
      setOrigin(result, result.length - 1, this.originOf(itemNode));
    }
    return result;
  }

  #isMergeKey(keyNode: Node): boolean {
    return isScalar(keyNode) && this.#scalarTag(keyNode) === YamlTag.merge;
  }

  #deref(node: Node | null): Node | null {
    if (node === null || !isAlias(node)) return node;
    return this.#anchors.lookup(node.source) ?? null;
  }

  #warnDuplicate(key: string, path: Path, keyNode: Node, firstLine: number): void {
    const origin = this.originOf(keyNode);
    this.#options.warnings?.push({
      severity: "warning",
      code: "duplicate-key",
      message:
        `Duplicate key "${key}": the value on line ${origin.line} replaces the one on line ${firstLine}, as in cloud-init.`,
      file: this.#options.file,
      path: formatKeyPath([...path, key]),
      line: origin.line,
      column: origin.column,
      hint: "Remove one of the two entries.",
    });
  }

  #tagMismatch(node: Node, tag: string, kind: string): YamlSyntaxError {
    const known = Object.values(YamlTag) as string[];
    if (!known.includes(tag)) {
      const error = unknownTag(tag, kind);
      return this.#error(node, error.message, error.hint);
    }
    return this.#error(
      node,
      `The tag "${tag}" cannot be used on a ${kind}.`,
      `Remove the tag, or write the value as the kind of node the tag needs.`,
    );
  }

  #error(node: Node, message: string, hint: string): YamlSyntaxError {
    const origin = this.originOf(node);
    return new YamlSyntaxError(message, {
      file: this.#options.file,
      line: origin.line,
      column: origin.column,
    }, hint);
  }
}

type MappingNode = YAMLMap<unknown, unknown>;
type SequenceNode = YAMLSeq<unknown>;
