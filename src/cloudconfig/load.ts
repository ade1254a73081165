/**
 * Loads one cloud-config document the way the agent reads it at boot: YAML
 * 1.1 as cloud-init's PyYAML SafeLoader resolves it, then the source-text
 * rule for string-typed keys.
 */

import { InputError } from "../errors.ts";
import type { Problem } from "./problem.ts";
import { applySourceText } from "./source_text.ts";
import { isMapping } from "./schema/_walk.ts";
import { loadYaml } from "./yaml/load_yaml.ts";

/** Options of {@linkcode loadCloudConfig}. */
export interface LoadCloudConfigOptions {
  /** File or part name used in errors and warnings. */
  file?: string;
  /** Receives loader warnings such as duplicate keys. */
  warnings?: Problem[];
}

/** A cloud-config document whose top level is not a mapping (a list, a string, …). */
export class NotAMappingError extends InputError {}

/**
 * Parses `text` (with or without its `#cloud-config` line) into a mapping.
 * An empty document is an empty mapping, as cloud-init treats it.
 * Throws `YamlSyntaxError` for broken YAML and {@linkcode NotAMappingError} when
 * the document is not a mapping.
 */
export function loadCloudConfig(
  text: string,
  options: LoadCloudConfigOptions = {},
): Record<string, unknown> {
  const value = loadYaml(text, { file: options.file, warnings: options.warnings });
  if (value === null || value === undefined) return {};
  if (!isMapping(value)) {
    const name = options.file ?? "the cloud-config document";
    throw new NotAMappingError(
      `Invalid cloud-config in ${name}: the document is ${describeKind(value)}, not a mapping. ` +
        "Write the configuration as top-level `key: value` lines.",
      { file: options.file, line: 1 },
    );
  }
  applySourceText(value);
  return value;
}

function describeKind(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string") return "a string";
  if (typeof value === "boolean") return "a boolean";
  if (typeof value === "number" || typeof value === "bigint") return "a number";
  return `a ${typeof value}`;
}
