/**
 * The zod schema builders EGS uses, each named, so that a bundle carries
 * only these and what they need. `import { z } from "zod"` keeps all
 * of zod, its locales and JSON Schema output included. In the bundle of
 * egs-service, loading the chunk with the cloud-config schema then took 36 ms
 * and 21 MiB instead of 20 ms and 16 MiB. `z` works as zod's own does.
 */

import * as zod from "zod";

/** The schema builders, under the names zod gives them. */
export const z = {
  array: zod.array,
  boolean: zod.boolean,
  custom: zod.custom,
  discriminatedUnion: zod.discriminatedUnion,
  enum: zod.enum,
  int: zod.int,
  literal: zod.literal,
  looseObject: zod.looseObject,
  null: zod.null,
  number: zod.number,
  object: zod.object,
  record: zod.record,
  string: zod.string,
  union: zod.union,
  unknown: zod.unknown,
  ZodObject: zod.ZodObject,
};

/** zod's types, under the names zod gives them. */
export declare namespace z {
  export type ZodType = zod.ZodType;
  export type ZodObject<Shape extends zod.ZodRawShape = zod.ZodRawShape> = zod.ZodObject<Shape>;
  export type infer<Schema> = zod.infer<Schema>;
  export type output<Schema> = zod.output<Schema>;
}
