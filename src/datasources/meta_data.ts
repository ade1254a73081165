/**
 * Parsing shared by the datasources: meta-data as YAML or JSON, network
 * configuration, and public keys in the shapes cloud-init accepts.
 */

import { loadYaml } from "../cloudconfig/yaml/load_yaml.ts";
import { InputError } from "../errors.ts";

/**
 * Parses meta-data text (YAML 1.1, of which JSON is a subset) into a mapping.
 * An empty file is an empty mapping. Throws `InputError` naming `source`
 * when the text does not parse or is not a mapping.
 */
export function parseMetaData(bytes: Uint8Array, source: string): Record<string, unknown> {
  const value = parseDocument(bytes, source);
  if (value === null || value === undefined) return {};
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new InputError(
      `Invalid meta-data in ${source}: expected a mapping such as "instance-id: iid-1", got ${
        Array.isArray(value) ? "a list" : typeof value
      }.`,
      { file: source },
    );
  }
  return value as Record<string, unknown>;
}

/** Parses a network-config file; an empty one returns undefined. Throws `InputError` like parseMetaData. */
export function parseNetworkConfig(bytes: Uint8Array, source: string): unknown {
  const value = parseDocument(bytes, source);
  return value === null ? undefined : value;
}

function parseDocument(bytes: Uint8Array, source: string): unknown {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch (error) {
    throw new InputError(`Cannot read ${source}: it is not valid UTF-8.`, { file: source }, {
      cause: error,
    });
  }
  if (text.trim() === "") return null;
  if (/^\s*[{[]/.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      // Flow-style YAML also starts with a brace, so fall through to YAML.
    }
  }
  return loadYaml(text, { file: source });
}

/**
 * Flattens public keys given as a string (one key per line), a list, or a
 * mapping of names to keys (also nested, as in EC2-style `openssh-key`
 * entries). Blank lines and `#` comments are dropped and duplicates removed.
 */
export function normalizePublicKeys(value: unknown): string[] {
  const keys: string[] = [];
  const visit = (item: unknown) => {
    if (typeof item === "string") {
      for (const line of item.split(/\r?\n/)) {
        const key = line.trim();
        if (key !== "" && !key.startsWith("#") && !keys.includes(key)) keys.push(key);
      }
    } else if (Array.isArray(item)) {
      item.forEach(visit);
    } else if (typeof item === "object" && item !== null) {
      Object.values(item).forEach(visit);
    }
  };
  visit(value);
  return keys;
}

/** Returns `value` as a trimmed non-empty string, or undefined. */
export function optionalString(value: unknown): string | undefined {
  if (typeof value === "number") return String(value);
  if (typeof value !== "string") return undefined;
  const text = value.trim();
  return text === "" ? undefined : text;
}
