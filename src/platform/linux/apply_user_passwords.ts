/** The password keys of one user entry, applied as cloud-init's `create_user` applies them. */

import type { TypedUser } from "../../cloudconfig/schema/typed_cloud_config.ts";
import type { Files, Processes } from "../types.ts";
import {
  lockUserPassword,
  setUserPassword,
  shadowPasswordOf,
  unlockUserPassword,
} from "./user_passwords.ts";

/**
 * Sets the passwords of `user` and then locks or unlocks it. `passwd` is
 * applied to new users only, as cloud-init passes it to useradd, while
 * `hashed_passwd` and `plain_text_passwd` apply to existing users too.
 * `lock_passwd` (true by default) locks the password afterwards. When it is
 * false, an existing user without a password in the entry is unlocked,
 * unless its password is blank.
 */
export async function applyUserPasswords(
  processes: Processes,
  files: Files,
  user: TypedUser,
  created: boolean,
): Promise<void> {
  const hashes: [string | undefined, string][] = [
    [created ? user.passwd : undefined, `${user.keyPath}.passwd`],
    [user.hashedPasswd, `${user.keyPath}.hashed_passwd`],
  ];
  for (const [hash, keyPath] of hashes) {
    if (hash !== undefined && hash !== "") {
      await setUserPassword(processes, user.name, hash, true, keyPath);
    }
  }
  if (user.plainTextPasswd !== undefined && user.plainTextPasswd !== "") {
    const keyPath = `${user.keyPath}.plain_text_passwd`;
    await setUserPassword(processes, user.name, user.plainTextPasswd, false, keyPath);
  }

  const passwords = [user.passwd, user.hashedPasswd, user.plainTextPasswd];
  const passwordGiven = passwords.some((value) => value !== undefined);
  if (user.lockPasswd) {
    // useradd leaves a new account without a password locked ("!"), and
    // passwd -l would change nothing there: the run skips that process.
    const hash = await readShadowHash(files, user.name);
    if (hash === undefined || !hash.startsWith("!")) await lockUserPassword(processes, user.name);
  } else if (!created && !passwordGiven) {
    await unlockUserPassword(processes, user.name, await readShadowHash(files, user.name));
  }
}

async function readShadowHash(files: Files, user: string): Promise<string | undefined> {
  const shadow = await files.read("/etc/shadow");
  return shadow === undefined
    ? undefined
    : shadowPasswordOf(new TextDecoder().decode(shadow), user);
}
