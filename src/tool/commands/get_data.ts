/** `egs-tool get-data <VM-ID>`: every KVP item of a VM, grouped the way Hyper-V groups them. */

import { stringify } from "yaml";
import { type HostKvp, KVP_GROUPS, type KvpGroup } from "../../kvp/host/host_kvp.ts";
import type { VmTarget } from "../vm_target.ts";

/** Items per group; values that are JSON objects are embedded as parsed JSON. */
export type GroupedKvpData = Record<KvpGroup, Record<string, unknown>>;

/** Reads all four groups of a VM. */
export async function readGroupedData(kvp: HostKvp, target: VmTarget): Promise<GroupedKvpData> {
  const data = {} as GroupedKvpData;
  for (const group of KVP_GROUPS) {
    data[group] = embedJsonValues(await kvp.read(target.id, group));
  }
  return data;
}

// User-data and vendor-data can carry passwords, so their payload values
// (whole or chunked) are shown by size only; their length and hash are shown.
const SECRET_PAYLOAD_KEY = /:(user-data|vendor-data)(\.\d+)?$/;

/**
 * Returns the items sorted by key. Each value that starts with `{` and parses
 * as JSON is replaced by the parsed value, and every other value stays a
 * string. User-data and vendor-data payload values are replaced by their size.
 */
export function embedJsonValues(entries: ReadonlyMap<string, string>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const key of [...entries.keys()].sort()) {
    const value = entries.get(key)!;
    if (SECRET_PAYLOAD_KEY.test(key)) {
      result[key] = `<${new TextEncoder().encode(value).length} bytes not shown>`;
    } else result[key] = value.trimStart().startsWith("{") ? parseOrKeep(value) : value;
  }
  return result;
}

/** Formats grouped data as text (one `[group]` section each), JSON or YAML. */
export function formatGroupedData(data: GroupedKvpData, format: string): string {
  if (format === "json") return JSON.stringify(data, null, 2);
  if (format === "yaml") return stringify(data).trimEnd();
  const sections: string[] = [];
  for (const group of KVP_GROUPS) {
    const lines = [`[${group}]`];
    for (const [key, value] of Object.entries(data[group])) {
      const text = typeof value === "string" ? value : JSON.stringify(value);
      lines.push(`${key} = ${text.replaceAll("\n", "\\n")}`);
    }
    sections.push(lines.join("\n"));
  }
  return sections.join("\n\n");
}

/** Runs `get-data`. */
export async function runGetData(kvp: HostKvp, target: VmTarget, format: string): Promise<void> {
  console.log(formatGroupedData(await readGroupedData(kvp, target), format));
}

function parseOrKeep(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
