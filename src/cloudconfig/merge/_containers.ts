/**
 * Building the new mappings and lists a merge returns, so that every value
 * keeps the file and line the YAML loader recorded for it.
 */

import { containerOriginOf, copyOrigin, setContainerOrigin } from "../yaml/origin.ts";

/**
 * Sets `mapping[key]` as an own, enumerable data property. A plain assignment
 * would treat the YAML key `__proto__` as the object's prototype.
 */
export function setEntry(mapping: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(mapping, key, {
    value,
    writable: true,
    enumerable: true,
    configurable: true,
  });
}

/** Copies a mapping one level deep, with the origins of its entries and of itself. */
export function copyMapping(source: Record<string, unknown>): Record<string, unknown> {
  const copy = Object.create(Object.getPrototypeOf(source)) as Record<string, unknown>;
  keepContainerOrigin(source, copy);
  for (const key of Object.keys(source)) {
    setEntry(copy, key, source[key]);
    copyOrigin(source, key, copy, key);
  }
  return copy;
}

/** Records the origin of container `from` as the origin of container `to`, when one is known. */
export function keepContainerOrigin(from: object, to: object): void {
  const origin = containerOriginOf(from);
  if (origin !== undefined) setContainerOrigin(to, origin);
}

/**
 * Builds a list from runs of items, each run taken from a source list
 * starting at an index, and copies each item's origin along with it.
 * Items that did not come from a list (characters of a string) carry none.
 */
export function concatenateWithOrigins(
  runs: readonly { items: readonly unknown[]; source?: readonly unknown[] }[],
  template: readonly unknown[],
): unknown[] {
  const result: unknown[] = [];
  keepContainerOrigin(template, result);
  for (const run of runs) {
    run.items.forEach((item, index) => {
      if (run.source !== undefined) copyOrigin(run.source, index, result, result.length);
      result.push(item);
    });
  }
  return result;
}

/**
 * Copies a value with all nested mappings and lists, like Python's
 * `copy.deepcopy`: a container reached twice (a YAML alias) is copied once,
 * so both places still share it. Origins are kept. Scalars are shared.
 */
export function deepCopyWithOrigins(value: unknown, copies = new Map<object, unknown>()): unknown {
  if (typeof value !== "object" || value === null) return value;
  const existing = copies.get(value);
  if (existing !== undefined) return existing;

  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    copies.set(value, copy);
    keepContainerOrigin(value, copy);
    value.forEach((item, index) => {
      copy.push(deepCopyWithOrigins(item, copies));
      copyOrigin(value, index, copy, index);
    });
    return copy;
  }

  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return value;
  const source = value as Record<string, unknown>;
  const copy = Object.create(prototype) as Record<string, unknown>;
  copies.set(value, copy);
  keepContainerOrigin(source, copy);
  for (const key of Object.keys(source)) {
    setEntry(copy, key, deepCopyWithOrigins(source[key], copies));
    copyOrigin(source, key, copy, key);
  }
  return copy;
}
