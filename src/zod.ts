/**
 * The zod schema builders EGS uses, imported by name, so that a bundle
 * carries only these and what they need. `import { z } from "zod"` keeps all
 * of zod, its locales and JSON Schema output included. In the bundle of
 * egs-service, loading the chunk with the cloud-config schema then took 36 ms
 * and 21 MiB instead of 20 ms and 16 MiB. `z` works as zod's own does.
 */

import {
  array,
  boolean,
  custom,
  discriminatedUnion,
  enum as enumOf,
  int,
  literal,
  looseObject,
  null as nullValue,
  number,
  object,
  record,
  string,
  union,
  unknown,
  ZodObject,
} from "zod";
import type * as zod from "zod";

/** The schema builders, under the names zod gives them. */
export const z = {
  array,
  boolean,
  custom,
  discriminatedUnion,
  enum: enumOf,
  int,
  literal,
  looseObject,
  null: nullValue,
  number,
  object,
  record,
  string,
  union,
  unknown,
  ZodObject,
};

/** zod's types, under the names zod gives them. */
export declare namespace z {
  export type ZodType = zod.ZodType;
  export type ZodObject<Shape extends zod.ZodRawShape = zod.ZodRawShape> = zod.ZodObject<Shape>;
  export type infer<Schema> = zod.infer<Schema>;
  export type output<Schema> = zod.output<Schema>;
}
