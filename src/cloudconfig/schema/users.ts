/**
 * Schema of `users`, `user` and `groups` as cloud-init's `cc_users_groups`
 * accepts them, deprecated hyphenated aliases included.
 */

import { z } from "../../zod.ts";
import { commaStringOrListSchema, stringListSchema } from "./_text.ts";

const nonEmptyStringList = stringListSchema.min(1);

/** `groups` of one user: a comma-separated string, a list, or (deprecated) a mapping of group names to null. */
export const userGroupsSchema = z.union([
  z.string(),
  z.array(z.string()).min(1),
  z.record(z.string(), z.null()),
]);

/** `sudo` of one user: a rule, a list of rules, null, or a boolean (`false` is deprecated). */
export const sudoSchema = z.union([
  z.string(),
  z.null(),
  z.array(z.union([z.string(), z.null()])),
  z.boolean(),
]);

/** The keys one user entry may have, without the requirement that `name` is present. */
export const userFields = {
  name: z.string().optional(),
  snapuser: z.string().optional(),
  doas: nonEmptyStringList.optional(),
  expiredate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date as YYYY-MM-DD").optional(),
  gecos: z.string().optional(),
  groups: userGroupsSchema.optional(),
  homedir: z.string().optional(),
  inactive: z.string().optional(),
  lock_passwd: z.boolean().optional(),
  "lock-passwd": z.boolean().optional(),
  no_create_home: z.boolean().optional(),
  "no-create-home": z.boolean().optional(),
  no_log_init: z.boolean().optional(),
  "no-log-init": z.boolean().optional(),
  no_user_group: z.boolean().optional(),
  "no-user-group": z.boolean().optional(),
  passwd: z.string().optional(),
  hashed_passwd: z.string().optional(),
  "hashed-passwd": z.string().optional(),
  plain_text_passwd: z.string().optional(),
  "plain-text-passwd": z.string().optional(),
  create_groups: z.boolean().optional(),
  "create-groups": z.boolean().optional(),
  primary_group: z.string().optional(),
  "primary-group": z.string().optional(),
  selinux_user: z.string().optional(),
  "selinux-user": z.string().optional(),
  shell: z.string().optional(),
  ssh_authorized_keys: nonEmptyStringList.optional(),
  "ssh-authorized-keys": nonEmptyStringList.optional(),
  ssh_import_id: nonEmptyStringList.optional(),
  "ssh-import-id": nonEmptyStringList.optional(),
  ssh_redirect_user: z.boolean().optional(),
  "ssh-redirect-user": z.boolean().optional(),
  system: z.boolean().optional(),
  sudo: sudoSchema.optional(),
  uid: z.union([z.int(), z.string()]).optional(),
};

/** Deprecated hyphenated user keys and the underscore key that replaces each. */
export const DEPRECATED_USER_KEYS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.keys(userFields).filter((key) => key.includes("-")).map((
    key,
  ) => [key, key.replaceAll("-", "_")]),
);

/** One user as a mapping: `name` (or `snapuser`) is required. */
export const userSchema = z.looseObject(userFields).refine(
  (user) => user.name !== undefined || user.snapuser !== undefined,
  { message: "a user needs a name", path: ["name"] },
);

/** A user in the mapping form of `users`, where the key is the name. */
const namedUserSchema = z.looseObject(userFields);

/** `users`: a comma-separated string, a list of names, name lists and user mappings, or a mapping of names. */
export const usersSchema = z.union([
  z.string(),
  z.array(z.union([z.string(), stringListSchema, userSchema])),
  z.record(z.string(), z.union([z.boolean(), z.number(), z.string(), namedUserSchema])),
]);

/** `user`: the default user's name, or a mapping that overrides the default user. */
export const defaultUserSchema = z.union([z.string(), userSchema]);

/** Members of one group in `groups`: a user name or a list of user names. */
const groupMembersSchema = commaStringOrListSchema;

/** `groups`: a group name, a list of names and single-key mappings of members, or a mapping of members. */
export const groupsSchema = z.union([
  z.string(),
  z.array(z.union([z.string(), z.record(z.string(), groupMembersSchema)])).min(1),
  z.record(z.string(), groupMembersSchema),
]);

/** Top-level user and group keys and their schemas. */
export const userKeys = {
  users: usersSchema,
  user: defaultUserSchema,
  groups: groupsSchema,
};
