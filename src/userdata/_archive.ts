/**
 * `#cloud-config-archive`: a YAML list whose entries become parts, each a
 * plain string or a mapping with `content`, `type`, `filename`,
 * `launch-index` and further headers such as `Merge-Type`.
 */

import { loadYaml } from "../cloudconfig/yaml/load_yaml.ts";
import { encodeUtf8 } from "./_bytes.ts";
import { type CollectContext, type Leaf, warn } from "./_context.ts";
import { ContentType } from "./content_types.ts";
import { MimeHeaders } from "./mime/headers.ts";
import { contentTypeFromFirstLine, withoutFirstLine } from "./markers.ts";

const RESERVED_KEYS = new Set([
  "content",
  "filename",
  "type",
  "launch-index",
  "content-disposition",
  "content-type",
]);

/**
 * Turns an archive body into leaves. An entry without `type` is typed by its
 * first line, else `text/cloud-config`. A body that is not a list, or an
 * entry that is neither a string nor a mapping, is skipped with a warning.
 */
export function archiveToLeaves(text: string, name: string, context: CollectContext): Leaf[] {
  const entries = loadYaml(withoutFirstLine(text), { file: name, warnings: context.warnings });
  if (entries === null) return [];
  if (!Array.isArray(entries)) {
    warn(
      context,
      name,
      "archive-not-list",
      "The cloud-config-archive is not a YAML list, so it is skipped.",
      "Write each part as a list item with content and type.",
    );
    return [];
  }

  const leaves: Leaf[] = [];
  for (const [index, entry] of entries.entries()) {
    const mapping: Record<string, unknown> | undefined = typeof entry === "string"
      ? { content: entry }
      : isRecord(entry)
      ? entry
      : undefined;
    if (mapping === undefined) {
      warn(
        context,
        name,
        "archive-entry-invalid",
        `Entry ${index} of the cloud-config-archive is neither a string nor a mapping, so it is skipped.`,
      );
      continue;
    }
    leaves.push(entryToLeaf(mapping));
  }
  return leaves;
}

function entryToLeaf(entry: Record<string, unknown>): Leaf {
  const content = entry["content"] ?? "";
  const body = content instanceof Uint8Array ? content : encodeUtf8(String(content));
  const declared = typeof entry["type"] === "string" && entry["type"] !== ""
    ? entry["type"].toLowerCase()
    : undefined;
  const fallback = content instanceof Uint8Array
    ? "application/octet-stream"
    : ContentType.cloudConfig;
  const type = declared ??
    (typeof content === "string" ? contentTypeFromFirstLine(content) : undefined) ?? fallback;

  const fields: [string, string][] = [];
  if (entry["launch-index"] !== undefined) {
    fields.push(["Launch-Index", String(entry["launch-index"])]);
  }
  for (const [key, value] of Object.entries(entry)) {
    if (!RESERVED_KEYS.has(key.toLowerCase())) fields.push([key, String(value)]);
  }
  const filename = entry["filename"] === undefined ? undefined : String(entry["filename"]);
  return { declaredType: type, filename, headers: new MimeHeaders(fields), body };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) &&
    !(value instanceof Uint8Array) && !(value instanceof Date);
}
