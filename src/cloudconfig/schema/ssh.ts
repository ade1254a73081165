/**
 * Schema of the SSH keys of cloud-init's `cc_ssh` that EGS applies: authorized
 * keys, host keys given in user-data, key generation and root login.
 */

import { z } from "../../zod.ts";

const KEY_TYPES = ["ecdsa", "ed25519", "rsa"] as const;
const KEY_PARTS = ["public", "private", "certificate"] as const;

/** `ssh_keys`: host keys as `<type>_<public|private|certificate>` (for example `rsa_private`). */
export const sshKeysSchema = z.looseObject(
  Object.fromEntries(
    KEY_TYPES.flatMap((type) =>
      KEY_PARTS.map((part) => [`${type}_${part}`, z.string().optional()] as const)
    ),
  ),
);

/** Top-level SSH keys and their schemas. */
export const sshKeys = {
  ssh_authorized_keys: z.array(z.string()).min(1),
  ssh_keys: sshKeysSchema,
  ssh_genkeytypes: z.array(z.enum(KEY_TYPES)).min(1),
  disable_root: z.boolean(),
  disable_root_opts: z.string(),
};
