/**
 * Schema of the command lists `runcmd` and `bootcmd`.
 */

import { z } from "../../zod.ts";

/** One command as an argv list; each item is a string. */
export const argvSchema = z.array(z.string());

/** One `runcmd` entry: an argv list, a shell string, or null (a YAML comment-only item, skipped). */
export const runcmdEntrySchema = z.union([argvSchema, z.string(), z.null()]);

/** One `bootcmd` entry: an argv list or a shell string. */
export const bootcmdEntrySchema = z.union([argvSchema, z.string()]);

/** Top-level command keys and their schemas. */
export const commandKeys = {
  runcmd: z.array(runcmdEntrySchema).min(1),
  bootcmd: z.array(bootcmdEntrySchema).min(1),
};
