/**
 * Walks a loaded YAML value alongside the zod schema that describes it. The
 * source-text rule and the unknown-key warnings both come from this walk, so
 * they follow the schema and cannot drift from it.
 */

import type { z } from "zod";
import { isYamlBytes } from "./_text.ts";

/** Key path segments, as in `["users", 1, "groups"]`. */
export type KeyPath = (string | number)[];

/** Callbacks of {@linkcode walkValue}. */
export interface SchemaVisitor {
  /** Called for a scalar that is neither a string nor null where the schema accepts only strings. */
  onNonStringScalar?(container: Record<string | number, unknown>, key: string | number): void;
  /** Called for a mapping key the schema of that mapping does not declare. */
  onUnknownKey?(path: KeyPath, key: string, knownKeys: readonly string[]): void;
}

// deno-lint-ignore no-explicit-any
type AnyDef = any;

function defOf(schema: z.ZodType): AnyDef {
  return (schema as unknown as { _zod: { def: AnyDef } })._zod.def;
}

/** Strips wrappers (optional, nullable, default, lazy, pipe input) that do not change the kind of value. */
export function unwrapSchema(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (let depth = 0; depth < 32; depth++) {
    const def = defOf(current);
    switch (def.type) {
      case "optional":
      case "nullable":
      case "default":
      case "prefault":
      case "readonly":
      case "catch":
      case "nonoptional":
        current = def.innerType;
        break;
      case "lazy":
        current = def.getter();
        break;
      case "pipe":
        current = def.in;
        break;
      default:
        return current;
    }
  }
  return current;
}

/** Returns the kind of an unwrapped schema as zod names it (`string`, `object`, `union`, …). */
export function schemaKind(schema: z.ZodType): string {
  return defOf(unwrapSchema(schema)).type;
}

/**
 * Reports whether a schema accepts strings and nothing else (null aside): a
 * string, a string enum or literal, bytes (which cloud-init counts as
 * strings), or a union made only of those.
 */
export function acceptsOnlyStrings(schema: z.ZodType): boolean {
  const def = defOf(unwrapSchema(schema));
  switch (def.type) {
    case "string":
    case "template_literal":
      return true;
    case "enum":
      return Object.values(def.entries).every((entry) => typeof entry === "string");
    case "literal":
      return (def.values as unknown[]).every((entry) => typeof entry === "string");
    case "custom":
      return def.fn === isYamlBytes;
    case "union":
      return (def.options as z.ZodType[]).every(acceptsOnlyStrings);
    default:
      return false;
  }
}

/**
 * Finds the option of a schema (itself or a union member) that describes a
 * value of `kind`. A discriminated union picks the member whose discriminator
 * accepts the value's discriminator field.
 */
function optionFor(
  schema: z.ZodType,
  kind: "object" | "array",
  value: unknown,
): z.ZodType | undefined {
  const unwrapped = unwrapSchema(schema);
  const def = defOf(unwrapped);
  if (kind === "object" && (def.type === "object" || def.type === "record")) return unwrapped;
  if (kind === "array" && def.type === "array") return unwrapped;
  if (def.type !== "union") return undefined;
  const options = def.options as z.ZodType[];
  if (typeof def.discriminator === "string" && isMapping(value)) {
    const tag = value[def.discriminator];
    const matching = options.find((option) => {
      const field = defOf(unwrapSchema(option)).shape?.[def.discriminator] as z.ZodType | undefined;
      return field?.safeParse(tag).success === true;
    });
    if (matching !== undefined) return optionFor(matching, kind, value);
  }
  for (const option of options) {
    const found = optionFor(option, kind, value);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Reports whether a value is a YAML mapping as the loader returns it. */
export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) &&
    !(value instanceof Uint8Array) && !(value instanceof Date);
}

/**
 * Visits `container[key]` and everything below it with the schema that
 * describes it. A union is resolved by the kind of the value (a mapping takes
 * the union's object member, a list its array member), the way cloud-init's
 * schema branches on type.
 */
export function walkValue(
  schema: z.ZodType,
  container: Record<string | number, unknown>,
  key: string | number,
  path: KeyPath,
  visitor: SchemaVisitor,
): void {
  const value = container[key];
  if (Array.isArray(value)) {
    const arraySchema = optionFor(schema, "array", value);
    if (arraySchema === undefined) return;
    const element = defOf(arraySchema).element as z.ZodType;
    value.forEach((_, index) =>
      walkValue(
        element,
        value as unknown as Record<number, unknown>,
        index,
        [...path, index],
        visitor,
      )
    );
    return;
  }
  if (isMapping(value)) {
    const objectSchema = optionFor(schema, "object", value);
    if (objectSchema !== undefined) walkMapping(objectSchema, value, path, visitor);
    return;
  }
  const isOtherScalar = value !== null && value !== undefined && typeof value !== "string" &&
    !(value instanceof Uint8Array);
  if (isOtherScalar && acceptsOnlyStrings(schema)) visitor.onNonStringScalar?.(container, key);
}

/** Visits the entries of a mapping with an object or record schema. */
export function walkMapping(
  schema: z.ZodType,
  mapping: Record<string, unknown>,
  path: KeyPath,
  visitor: SchemaVisitor,
): void {
  const def = defOf(unwrapSchema(schema));
  if (def.type === "record") {
    for (const key of Object.keys(mapping)) {
      walkValue(def.valueType, mapping, key, [...path, key], visitor);
    }
    return;
  }
  if (def.type !== "object") return;
  const shape = def.shape as Record<string, z.ZodType>;
  const knownKeys = Object.keys(shape);
  for (const key of Object.keys(mapping)) {
    const field = Object.hasOwn(shape, key) ? shape[key] : undefined;
    if (field === undefined) {
      visitor.onUnknownKey?.(path, key, knownKeys);
      continue;
    }
    walkValue(field, mapping, key, [...path, key], visitor);
  }
}
