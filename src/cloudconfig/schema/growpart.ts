/**
 * Schema of `growpart` as cloud-init's `cc_growpart` accepts it.
 */

import { z } from "../../zod.ts";

/** `growpart`: the mode (`auto`, `growpart`, `gpart`, `off`, or `false`), devices, and the growroot override. */
export const growpartSchema = z.looseObject({
  mode: z.union([z.enum(["auto", "growpart", "gpart", "off"]), z.literal(false)]).optional(),
  devices: z.array(z.string()).optional(),
  ignore_growroot_disabled: z.boolean().optional(),
});

/** Top-level `growpart` and its schema. */
export const growpartKeys = {
  growpart: growpartSchema,
};
