/**
 * The anchors of one YAML document, with the checks PyYAML's composer makes
 * (unknown alias, duplicate anchor) and two of our own: a recursion check and
 * a limit on alias expansion.
 */

import type { Node } from "yaml";
import type { YamlSyntaxError } from "./yaml_error.ts";

/**
 * Maximum number of nodes that aliases may add to the document, counting each
 * alias with the full size of the node it refers to. Real cloud-configs stay
 * far below it. The limit stops alias bombs ("billion laughs"), which would
 * make every consumer that walks the value visit billions of nodes.
 */
export const MAX_ALIAS_EXPANSION = 100_000;

const VALID_ANCHOR_NAME = /^[0-9A-Za-z_-]+$/;

/** Creates the error for a problem at `node`. */
export type NodeErrorFactory = (node: Node, message: string, hint: string) => YamlSyntaxError;

/** Constructed value of an alias, and the number of nodes it stands for. */
export interface ResolvedAlias {
  value: unknown;
  size: number;
}

/** Anchored nodes of one document and the values built for them. */
export class AnchorTable {
  readonly #error: NodeErrorFactory;
  readonly #nodes = new Map<string, Node>();
  readonly #values = new Map<Node, unknown>();
  readonly #sizes = new Map<Node, number>();
  readonly #inProgress = new Set<Node>();
  #expansion = 0;

  constructor(error: NodeErrorFactory) {
    this.#error = error;
  }

  /** Returns the node anchored as `name`, or undefined when there is none (yet). */
  lookup(name: string): Node | undefined {
    return this.#nodes.get(name);
  }

  /**
   * Registers `node` under its anchor before its children are built. Throws
   * for an invalid name and for a name already used, which PyYAML rejects
   * as a duplicate anchor. `firstLine` gives the line of the earlier node.
   */
  begin(name: string, node: Node, firstLine: (earlier: Node) => number): void {
    this.#checkName(name, node);
    const earlier = this.#nodes.get(name);
    if (earlier !== undefined) {
      throw this.#error(
        node,
        `Found the duplicate anchor "&${name}", first defined on line ${firstLine(earlier)}.`,
        "Give each anchor a unique name, because cloud-init's YAML parser rejects a redefined anchor.",
      );
    }
    this.#nodes.set(name, node);
    this.#inProgress.add(node);
  }

  /** Records the value built for an anchored node and how many nodes it contains. */
  finish(node: Node, value: unknown, size: number): void {
    this.#inProgress.delete(node);
    this.#values.set(node, value);
    this.#sizes.set(node, size);
  }

  /**
   * Returns the value an alias refers to, which is the same object as the
   * anchored one, as in PyYAML. Throws for an undefined or recursive alias
   * and when the document's aliases expand beyond MAX_ALIAS_EXPANSION nodes.
   */
  resolve(name: string, alias: Node): ResolvedAlias {
    this.#checkName(name, alias);
    const target = this.#nodes.get(name);
    if (target === undefined) {
      throw this.#error(
        alias,
        `Found the undefined alias "*${name}".`,
        `Define the anchor "&${name}" before this line, or fix the alias name.`,
      );
    }
    if (this.#inProgress.has(target)) {
      throw this.#error(
        alias,
        `The alias "*${name}" refers to a node that contains it.`,
        "Remove the recursive alias, because a cloud-config value cannot contain itself.",
      );
    }
    const size = this.#sizes.get(target) ?? 1;
    this.#expansion += size;
    if (this.#expansion > MAX_ALIAS_EXPANSION) {
      throw this.#error(
        alias,
        `Aliases expand the document to more than ${MAX_ALIAS_EXPANSION} nodes.`,
        "Use fewer nested aliases. This limit protects against alias bombs.",
      );
    }
    return { value: this.#values.get(target), size };
  }

  /**
   * Rejects names that PyYAML's scanner would not read as one name. PyYAML
   * ends a name at the first character other than a letter, digit, `-` or
   * `_`, so `&x:` is the anchor `x` there but `x:` in the `yaml` package.
   */
  #checkName(name: string, node: Node): void {
    if (VALID_ANCHOR_NAME.test(name)) return;
    throw this.#error(
      node,
      `Invalid anchor or alias name "${name}": cloud-init's YAML parser allows only letters, digits, "-" and "_".`,
      "Rename the anchor and its aliases, and put a space after the name.",
    );
  }
}
