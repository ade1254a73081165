/**
 * Schema of `power_state` as cloud-init's `cc_power_state_change` accepts it.
 */

import { z } from "../../zod.ts";

/** `power_state.delay`: minutes as an integer, `+N` or `N` as a string, or `now`. */
export const powerStateDelaySchema = z.union([
  z.int().min(0),
  z.string().regex(/^\+?[0-9]+$/, "expected now, N or +N minutes"),
  z.literal("now"),
]);

/** `power_state`: what to do after the final stage, and when. */
export const powerStateSchema = z.looseObject({
  mode: z.enum(["poweroff", "reboot", "halt"]),
  delay: powerStateDelaySchema.optional(),
  message: z.string().optional(),
  timeout: z.int().optional(),
  condition: z.union([z.string(), z.boolean(), z.array(z.unknown())]).optional(),
});

/** Top-level `power_state` and its schema. */
export const powerStateKeys = {
  power_state: powerStateSchema,
};
