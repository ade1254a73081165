/**
 * Reader for `CLOUD_INIT|…` events in a KVP pool, accepting both the five-part
 * key EGS writes and the six-part key of newer cloud-init releases, which put
 * the VM id before the event id. Chunked events are joined by `msg_i`.
 */

import { CLOUD_INIT_EVENT_PREFIX } from "./cloud_init_event.ts";

/** One event read back from the pool. */
export interface DecodedCloudInitEvent {
  incarnation: number;
  type: string;
  name: string;
  eventId: string;
  vmId?: string;
  result?: string;
  timestamp: string;
  message: string;
}

interface ParsedKey {
  base: string;
  incarnation: number;
  type: string;
  name: string;
  vmId?: string;
  eventId: string;
  chunk?: number;
}

/** Decodes every event in `items`, ordered by timestamp; malformed entries are skipped. */
export function readCloudInitEvents(items: Map<string, string>): DecodedCloudInitEvent[] {
  const groups = new Map<
    string,
    { key: ParsedKey; values: Map<number, Record<string, unknown>> }
  >();

  for (const [rawKey, rawValue] of items) {
    const key = parseEventKey(rawKey);
    if (key === undefined) continue;
    let value: Record<string, unknown>;
    try {
      value = JSON.parse(rawValue);
    } catch {
      continue;
    }
    const group = groups.get(key.base) ?? { key, values: new Map() };
    group.values.set(key.chunk ?? Number(value.msg_i ?? 0), value);
    groups.set(key.base, group);
  }

  const events: DecodedCloudInitEvent[] = [];
  for (const { key, values } of groups.values()) {
    const ordered = [...values.entries()].sort(([a], [b]) => a - b).map(([, value]) => value);
    const first = ordered[0];
    events.push({
      incarnation: key.incarnation,
      type: key.type,
      name: key.name,
      eventId: key.eventId,
      vmId: key.vmId,
      result: typeof first.result === "string" ? first.result : undefined,
      timestamp: String(first.ts ?? ""),
      message: ordered.map((value) => String(value.msg ?? "")).join(""),
    });
  }
  return events.sort((a, b) => a.timestamp.localeCompare(b.timestamp));
}

/** Parses an event key; undefined for keys that are not cloud-init events. */
export function parseEventKey(key: string): ParsedKey | undefined {
  const parts = key.split("|");
  if (parts[0] !== CLOUD_INIT_EVENT_PREFIX) return undefined;

  let chunk: number | undefined;
  if (parts.length >= 6 && /^\d+$/.test(parts[parts.length - 1])) {
    chunk = Number(parts.pop());
  }
  if (parts.length !== 5 && parts.length !== 6) return undefined;

  const incarnation = Number(parts[1]);
  if (!Number.isInteger(incarnation)) return undefined;
  const base = parts.join("|");
  const [, , type, name] = parts;
  if (parts.length === 6) {
    return { base, incarnation, type, name, vmId: parts[4], eventId: parts[5], chunk };
  }
  return { base, incarnation, type, name, eventId: parts[4], chunk };
}

/** Returns the event keys written under another boot, which the first event of a boot deletes. */
export function staleEventKeys(keys: Iterable<string>, incarnation: number): string[] {
  if (incarnation === 0) return [];
  const stale: string[] = [];
  for (const key of keys) {
    const parts = key.split("|");
    if (parts[0] !== CLOUD_INIT_EVENT_PREFIX || !/^\d+$/.test(parts[1] ?? "")) continue;
    if (Number(parts[1]) !== incarnation) stale.push(key);
  }
  return stale;
}
