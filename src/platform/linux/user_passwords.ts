/**
 * Password commands of the shadow utilities. Passwords and hashes travel on
 * stdin to `chpasswd`, never on the command line or into a log.
 */

import { getLogger } from "../../log/logging.ts";
import type { Processes } from "../types.ts";
import { runChecked } from "./_run_checked.ts";

// Exit code of chroot and of the shell when the program is missing.
const NOT_FOUND = 127;

/** Sets the password of `user`: a crypt(3) hash when `hashed`, else plain text that chpasswd hashes. */
export async function setUserPassword(
  processes: Processes,
  user: string,
  password: string,
  hashed: boolean,
  keyPath: string,
): Promise<void> {
  const argv = hashed ? ["chpasswd", "-e"] : ["chpasswd"];
  await runChecked(
    processes,
    argv,
    `set the password of user "${user}" from ${keyPath}`,
    "Check that the user exists" + (hashed ? " and that the value is a crypt(3) hash." : "."),
    { stdin: new TextEncoder().encode(`${user}:${password}\n`) },
  );
  getLogger("platform", "users").info("Set the {kind} password of {user}.", {
    user,
    kind: hashed ? "hashed" : "plain-text",
  });
}

/** Locks the password of `user` with `passwd -l`, or `usermod --lock` where passwd is missing. */
export async function lockUserPassword(processes: Processes, user: string): Promise<void> {
  const result = await processes.run({ kind: "argv", argv: ["passwd", "-l", user] });
  if (result.code === 0) return;
  const fix = result.code === NOT_FOUND
    ? "Install the shadow utilities (passwd) in the target."
    : "Check that the user exists.";
  await runChecked(
    processes,
    ["usermod", "--lock", user],
    `lock the password of user "${user}"`,
    fix,
  );
}

/**
 * Unlocks the password of an existing user when a password is there to
 * unlock. A blank password stays locked with a warning, as cloud-init does,
 * because unlocking it would allow logins without a password.
 */
export async function unlockUserPassword(
  processes: Processes,
  user: string,
  shadowHash: string | undefined,
) {
  const log = getLogger("platform", "users");
  const stripped = (shadowHash ?? "").replace(/^!+/, "");
  if (stripped === "" || stripped === "*") {
    log.warning(
      "Not unlocking the blank password of {user}: lock_passwd is false but no password is set. " +
        "Set passwd, hashed_passwd or plain_text_passwd to allow password logins.",
      { user },
    );
    return;
  }
  if (shadowHash === stripped) return;
  await runChecked(
    processes,
    ["usermod", "--unlock", user],
    `unlock the password of user "${user}"`,
    "Check that the user exists.",
  );
}

/** Forces a password change at the next login with `passwd --expire`, or `chage -d 0` where passwd is missing. */
export async function expireUserPassword(processes: Processes, user: string): Promise<void> {
  const result = await processes.run({ kind: "argv", argv: ["passwd", "--expire", user] });
  if (result.code === 0) return;
  await runChecked(
    processes,
    ["chage", "-d", "0", user],
    `expire the password of user "${user}"`,
    "Check that the user exists.",
  );
}

/** Returns the password field of `user` from the text of a shadow file, or undefined when absent. */
export function shadowPasswordOf(shadowText: string, user: string): string | undefined {
  for (const line of shadowText.split("\n")) {
    const fields = line.split(":");
    if (fields.length >= 2 && fields[0] === user) return fields[1];
  }
  return undefined;
}
