/**
 * Schema of `egs`, the eryph extension key: service-control flags and the
 * automatic update switch of the guest services.
 */

import { z } from "../../zod.ts";

/** `egs.settings`: service-control flags; an absent flag keeps its current value. */
export const egsSettingsSchema = z.looseObject({
  remote_access: z.boolean().optional(),
  provisioning: z.boolean().optional(),
  kvp_auth: z.boolean().optional(),
  port_forwarding: z.boolean().optional(),
});

/** `egs`: service-control `settings` and `update` (whether the guest services update themselves). */
export const egsSchema = z.looseObject({
  settings: egsSettingsSchema.optional(),
  update: z.boolean().optional(),
});

/** Top-level `egs` and its schema. */
export const egsKeys = {
  egs: egsSchema,
};
