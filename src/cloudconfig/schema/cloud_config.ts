/**
 * The whole cloud-config schema: the keys EGS applies, typed deeply, plus the
 * other keys of cloud-init's schema, typed at the top level only.
 */

import { z } from "../../zod.ts";
import { commandKeys } from "./commands.ts";
import { egsKeys } from "./egs.ts";
import { growpartKeys } from "./growpart.ts";
import { hostnameKeys } from "./hostname.ts";
import { localizationKeys } from "./localization.ts";
import { mergeKeys } from "./merge.ts";
import { ntpKeys } from "./ntp.ts";
import { otherKeys } from "./other_keys.ts";
import { passwordKeys } from "./passwords.ts";
import { powerStateKeys } from "./power_state.ts";
import { sshKeys } from "./ssh.ts";
import { userKeys } from "./users.ts";
import { writeFilesKeys } from "./write_files.ts";

/** Schemas of the top-level keys EGS applies (or, for the merge keys, consumes while merging). */
export const appliedKeys: Record<string, z.ZodType> = {
  ...hostnameKeys,
  ...userKeys,
  ...passwordKeys,
  ...sshKeys,
  ...writeFilesKeys,
  ...commandKeys,
  ...powerStateKeys,
  ...localizationKeys,
  ...ntpKeys,
  ...growpartKeys,
  ...mergeKeys,
  ...egsKeys,
};

/** Names of the top-level keys EGS applies. */
export const APPLIED_KEYS: readonly string[] = Object.keys(appliedKeys);

/** Names of every top-level key EGS recognizes: applied, or accepted without being applied. */
export const KNOWN_KEYS: readonly string[] = [...APPLIED_KEYS, ...Object.keys(otherKeys)];

function optionalShape(keys: Record<string, z.ZodType>): Record<string, z.ZodType> {
  return Object.fromEntries(Object.entries(keys).map(([key, schema]) => [key, schema.optional()]));
}

/**
 * A cloud-config document. Unknown keys pass this schema, and validation
 * reports them as warnings, because an unknown key does not stop a
 * cloud-init boot either.
 */
export const cloudConfigSchema = z.looseObject({
  ...optionalShape(otherKeys),
  ...optionalShape(appliedKeys),
});
