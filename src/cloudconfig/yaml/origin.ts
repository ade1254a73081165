/**
 * Origins of loaded YAML values: the file, line and column of each. The loader
 * records them in a side table stored under a non-enumerable symbol key on
 * every mapping and sequence it builds. `JSON.stringify`, `Object.keys` and
 * `structuredClone` never see the table, so the values stay plain data.
 */

/** Position and source form of one YAML node. Lines and columns are 1-based. */
export interface NodeOrigin {
  file?: string;
  line: number;
  column: number;
  /** Source text of a plain (unquoted) scalar, exactly as written. */
  source?: string;
  /** True for quoted and block scalars. */
  quoted?: boolean;
}

interface OriginTable {
  self?: NodeOrigin;
  entries: Map<string | number, NodeOrigin>;
}

const ORIGINS: unique symbol = Symbol.for("egs.yaml.origins") as never;

type WithOrigins = { [ORIGINS]?: OriginTable };

function tableOf(container: object, create: boolean): OriginTable | undefined {
  const holder = container as WithOrigins;
  const existing = Object.prototype.hasOwnProperty.call(holder, ORIGINS)
    ? holder[ORIGINS]
    : undefined;
  if (existing !== undefined || !create) return existing;
  const table: OriginTable = { entries: new Map() };
  Object.defineProperty(container, ORIGINS, {
    value: table,
    enumerable: false,
    writable: false,
    configurable: true,
  });
  return table;
}

/** Returns the origin of `container[key]`, or undefined when none was recorded. */
export function originOf(container: object, key: string | number): NodeOrigin | undefined {
  return tableOf(container, false)?.entries.get(key);
}

/** Returns the origin of the mapping or sequence itself, or undefined when none was recorded. */
export function containerOriginOf(container: object): NodeOrigin | undefined {
  return tableOf(container, false)?.self;
}

/** Records the origin of `container[key]`, replacing an earlier one. */
export function setOrigin(container: object, key: string | number, origin: NodeOrigin): void {
  tableOf(container, true)!.entries.set(key, origin);
}

/** Records the origin of the mapping or sequence itself. */
export function setContainerOrigin(container: object, origin: NodeOrigin): void {
  tableOf(container, true)!.self = origin;
}

/**
 * Copies the origin of `from[fromKey]` to `to[toKey]`, so a value moved by a
 * merge or a rename keeps pointing at the line the user wrote. Does nothing
 * when the source has no recorded origin.
 */
export function copyOrigin(
  from: object,
  fromKey: string | number,
  to: object,
  toKey: string | number,
): void {
  const origin = originOf(from, fromKey);
  if (origin !== undefined) setOrigin(to, toKey, origin);
}
