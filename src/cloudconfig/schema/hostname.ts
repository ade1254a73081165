/**
 * Schema of the hostname keys: `hostname`, `fqdn`, `preserve_hostname`,
 * `prefer_fqdn_over_hostname` and `manage_etc_hosts`,
 * with the forms cloud-init's `cc_set_hostname`, `cc_update_hostname` and
 * `cc_update_etc_hosts` accept.
 */

import { z } from "../../zod.ts";

/** Values of `manage_etc_hosts`: a boolean, `localhost`, or `template` (cloud-init 22.3 and later). */
export const manageEtcHostsSchema = z.union([z.boolean(), z.enum(["localhost", "template"])]);

/** Top-level hostname keys and their schemas. */
export const hostnameKeys = {
  hostname: z.string(),
  fqdn: z.string(),
  preserve_hostname: z.boolean(),
  prefer_fqdn_over_hostname: z.boolean(),
  manage_etc_hosts: manageEtcHostsSchema,
};
