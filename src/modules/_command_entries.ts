/**
 * Builds the entry list of `runcmd` and `bootcmd` from the raw config. An
 * entry that is neither a string nor a list fails the whole module before any
 * entry runs. cloud-init behaves the same because it turns the list into one script.
 */

import { OperationError } from "../errors.ts";
import type { CommandEntry } from "../provisioning/entry_runner.ts";
import { shellQuote } from "./_shell_quote.ts";

/**
 * Turns the raw `key` list into command entries: a string runs through the
 * shell, an argv list is shell-quoted word by word, and `null` (a YAML item
 * holding only a comment) is skipped. Throws `OperationError` naming the first
 * entry of another type, such as `runcmd[1]`, without building the rest.
 */
export function buildCommandEntries(
  key: string,
  raw: unknown,
  env?: Record<string, string>,
): CommandEntry[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    throw new OperationError(
      `Cannot run ${key}: expected a list of commands, got ${describe(raw)}; ` +
        `write ${key} as a YAML list.`,
    );
  }

  const entries: CommandEntry[] = [];
  for (const [index, item] of raw.entries()) {
    const command = commandText(key, index, item);
    if (command === undefined) continue;
    entries.push({ command: { kind: "shell", command }, content: command, env });
  }
  return entries;
}

function commandText(key: string, index: number, item: unknown): string | undefined {
  if (item === null) return undefined;
  if (typeof item === "string") return item;
  if (Array.isArray(item)) return shellQuote(item.map((word) => String(word)));
  throw new OperationError(
    `Cannot run ${key}: ${key}[${index}] is ${describe(item)}, but each entry must be a ` +
      `string or a list of strings; quote the entry or remove it. No ${key} entry ran.`,
  );
}

function describe(value: unknown): string {
  const type = value === null ? "null" : Array.isArray(value) ? "a list" : typeof value;
  const text = JSON.stringify(value) ?? String(value);
  return `${type === "number" || type === "boolean" ? `the ${type}` : type} ${text}`;
}
