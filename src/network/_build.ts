/** Constructors for model values, shared by the v1 and v2 parsers. */

import type { DeviceBase, DeviceKind, Dns, PhysicalDevice } from "./model.ts";

/** Returns an empty DNS setting. */
export function emptyDns(): Dns {
  return { nameservers: [], search: [] };
}

/** Returns the fields every device starts with. */
export function baseDevice<K extends DeviceKind>(kind: K, id: string, name: string | undefined) {
  const base: DeviceBase & { kind: K } = {
    kind,
    id,
    name,
    subnets: [],
    routes: [],
    routingPolicy: [],
  };
  return base;
}

/** Returns a NIC that another device refers to but the config does not define. */
export function implicitPhysical(id: string): PhysicalDevice {
  return { ...baseDevice("physical", id, id), match: {} };
}

/** Returns `value` as a list of strings; a single string becomes a one-item list. */
export function toStringList(value: string | string[] | undefined | null): string[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value.map(String) : [String(value)];
}
