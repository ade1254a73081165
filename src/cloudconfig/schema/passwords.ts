/**
 * Schema of the password keys of cloud-init's `cc_set_passwords`: `chpasswd`,
 * `password` and `ssh_pwauth`.
 */

import { z } from "../../zod.ts";

/**
 * One entry of `chpasswd.users`: a `name` with a `password` (of `type` `hash`,
 * the default, or `text`), or a `name` with `type: RANDOM` and no password.
 */
export const chpasswdUserSchema = z.looseObject({
  name: z.string(),
  type: z.enum(["hash", "text", "RANDOM"]).optional(),
  password: z.string().optional(),
}).superRefine((entry, context) => {
  if (entry.type === "RANDOM" && entry.password !== undefined) {
    context.addIssue({
      code: "custom",
      path: ["password"],
      message: "a password must not be given with type RANDOM",
      params: { fix: "Remove the password, or set type to text or hash." },
    });
  }
  if (entry.type !== "RANDOM" && entry.password === undefined) {
    context.addIssue({
      code: "custom",
      path: ["password"],
      message: "password is missing",
      params: { fix: "Add the password, or set type to RANDOM for a generated one." },
    });
  }
});

/** `chpasswd`: `users` entries, the deprecated `list` (a string of lines or a list), and `expire`. */
export const chpasswdSchema = z.looseObject({
  expire: z.boolean().optional(),
  users: z.array(chpasswdUserSchema).optional(),
  list: z.union([
    z.string(),
    z.array(z.string().regex(/^.+:.+$/, "expected an entry of the form user:password")).min(1),
  ]).optional(),
});

/** `ssh_pwauth`: a boolean, or (deprecated) a string such as `unchanged`. */
export const sshPwauthSchema = z.union([z.boolean(), z.string()]);

/** Top-level password keys and their schemas. */
export const passwordKeys = {
  chpasswd: chpasswdSchema,
  password: z.string(),
  ssh_pwauth: sshPwauthSchema,
};
