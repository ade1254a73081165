/**
 * Schema of `ntp` as cloud-init's `cc_ntp` accepts it.
 */

import { z } from "../../zod.ts";

const uniqueStrings = z.array(z.string()).refine(
  (items) => new Set(items).size === items.length,
  { message: "expected each entry once" },
);

/** `ntp.config`: overrides of the NTP client's paths, packages, service and template. */
export const ntpClientConfigSchema = z.looseObject({
  confpath: z.string().optional(),
  check_exe: z.string().optional(),
  packages: uniqueStrings.optional(),
  service_name: z.string().optional(),
  template: z.string().optional(),
});

/** `ntp`: null (use the defaults) or servers, pools, peers, the client and whether it is enabled. */
export const ntpSchema = z.union([
  z.null(),
  z.looseObject({
    pools: uniqueStrings.optional(),
    servers: uniqueStrings.optional(),
    peers: uniqueStrings.optional(),
    allow: uniqueStrings.optional(),
    ntp_client: z.string().optional(),
    enabled: z.boolean().optional(),
    config: ntpClientConfigSchema.optional(),
  }),
]);

/** Top-level `ntp` and its schema. */
export const ntpKeys = {
  ntp: ntpSchema,
};
