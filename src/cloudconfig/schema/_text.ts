/**
 * Schema building blocks for text values shared by several areas of the
 * cloud-config schema.
 */

import { z } from "../../zod.ts";

/** Reports whether a value is the bytes of a YAML `!!binary` scalar. */
export function isYamlBytes(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array;
}

/** Bytes from a `!!binary` scalar, which cloud-init's schema accepts wherever it accepts a string. */
export const yamlBytesSchema = z.custom<Uint8Array>(isYamlBytes, { message: "expected a string" });

/** A string, or the bytes of a `!!binary` scalar. */
export const textOrBytesSchema = z.union([z.string(), yamlBytesSchema]);

/** A list of strings. */
export const stringListSchema = z.array(z.string());

/** A comma-separated string or a list of strings, as `groups` and `users` accept. */
export const commaStringOrListSchema = z.union([z.string(), z.array(z.string()).min(1)]);
