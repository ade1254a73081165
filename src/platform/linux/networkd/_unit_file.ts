/**
 * Builder for systemd unit-style files in the layout of cloud-init's networkd
 * renderer, so the output matches its files byte for byte after trimming.
 * Sections are sorted by name, and lines in a section are sorted and without
 * duplicates. Every `[Address]` line gets a section of its own, and repeated
 * sections (`[Route]`, `[RoutingPolicyRule]`) are ordered by their string ids.
 */

const ONE_LINE_SECTIONS = new Set(["Address"]);

/** A `.network` or `.netdev` file under construction. */
export class UnitFile {
  #sections = new Map<string, string[]>();
  #repeated = new Map<string, Map<string, string[]>>();

  /** Adds `key=value` to the single section `section`, unless the same line is already there. */
  set(section: string, key: string, value: string | number): void {
    const lines = this.#sections.get(section) ?? [];
    addUnique(lines, `${key}=${value}`);
    this.#sections.set(section, lines);
  }

  /**
   * Adds `key=value` to the repeated section `section` identified by `id`.
   * Sections of one name are written in the string order of their ids.
   */
  setIn(section: string, id: string, key: string, value: string | number): void {
    const byId = this.#repeated.get(section) ?? new Map<string, string[]>();
    const lines = byId.get(id) ?? [];
    addUnique(lines, `${key}=${value}`);
    byId.set(id, lines);
    this.#repeated.set(section, byId);
  }

  /** Formats the file: one blank line between sections and a newline at the end. */
  toString(): string {
    const names = [...new Set([...this.#sections.keys(), ...this.#repeated.keys()])].sort();
    const blocks: string[] = [];
    for (const name of names) {
      const lines = this.#sections.get(name);
      if (lines !== undefined && ONE_LINE_SECTIONS.has(name)) {
        for (const line of [...lines].sort()) blocks.push(`[${name}]\n${line}\n`);
      } else if (lines !== undefined) {
        blocks.push(`[${name}]\n${[...lines].sort().join("\n")}\n`);
      }
      const byId = this.#repeated.get(name);
      if (byId === undefined) continue;
      for (const id of [...byId.keys()].sort()) {
        blocks.push(`[${name}]\n${[...byId.get(id)!].sort().join("\n")}\n`);
      }
    }
    return blocks.join("\n");
  }
}

function addUnique(lines: string[], line: string): void {
  if (!lines.includes(line)) lines.push(line);
}
