/**
 * Schema of `write_files` entries as cloud-init's `cc_write_files` accepts them.
 */

import { z } from "../../zod.ts";
import { textOrBytesSchema } from "./_text.ts";

/** Encodings of `write_files[].encoding`; the text default is `text/plain`. */
export const WRITE_FILES_ENCODINGS = [
  "gz",
  "gzip",
  "gz+base64",
  "gzip+base64",
  "gz+b64",
  "gzip+b64",
  "b64",
  "base64",
  "text/plain",
] as const;

/** `write_files[].source`: a URI to fetch the content from, with optional request headers. */
export const writeFileSourceSchema = z.looseObject({
  uri: z.string(),
  headers: z.record(z.string(), z.string()).optional(),
});

/**
 * One `write_files` entry. `permissions` is a string: with the source-text
 * rule an unquoted `0640` or `640` arrives here as the text that was written.
 */
export const writeFileSchema = z.looseObject({
  path: z.string(),
  content: textOrBytesSchema.optional(),
  source: writeFileSourceSchema.optional(),
  owner: z.string().optional(),
  permissions: z.string().optional(),
  encoding: z.enum(WRITE_FILES_ENCODINGS).optional(),
  append: z.boolean().optional(),
  defer: z.boolean().optional(),
});

/** Top-level `write_files` and its schema. */
export const writeFilesKeys = {
  write_files: z.array(writeFileSchema).min(1),
};
