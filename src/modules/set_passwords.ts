/** The `set_passwords` module: `chpasswd`, `password` and `ssh_pwauth`. */

import type { TypedPasswordEntry } from "../cloudconfig/schema/typed_cloud_config.ts";
import { OperationError } from "../errors.ts";
import type { ModuleContext, ProvisioningModule } from "../provisioning/module.ts";
import { resolveDefaultUser } from "./_default_user.ts";
import { redactSecrets } from "./_redact.ts";
import { writeSshPasswordAuth } from "./_ssh_password_auth.ts";
import { count } from "./_count.ts";

const HASH_PATTERN = /^\$(1|2a|2y|5|6)(\$.+){2}$/;

/**
 * Sets the passwords of `chpasswd.users` (or the deprecated `chpasswd.list`)
 * or else `password` (for the default user), expires the clear-text and
 * random ones unless `chpasswd.expire` is false, and writes `ssh_pwauth` as an sshd drop-in.
 * The platform generates a `RANDOM` password and shows it only on the console.
 * Under `--root` nothing may reach the console, so such an entry is skipped
 * with a warning. No message or log names a password, only key paths.
 */
export const setPasswordsModule: ProvisioningModule = {
  name: "set_passwords",
  stage: "network",
  frequency: "per-instance",
  activatedBy: ["chpasswd", "password", "ssh_pwauth"],
  async handle(context) {
    const entries = await passwordEntries(context);
    const expire = context.config.chpasswd?.expire ?? true;
    const failures: string[] = [];
    const changed: string[] = [];

    for (const entry of entries) {
      const failure = await setPassword(context, entry);
      // cloud-init expires only the passwords it was given in clear text or generated.
      if (failure === undefined && entry.kind !== "hash") changed.push(entry.name);
      else if (failure !== undefined && failure !== "") failures.push(failure);
    }

    if (expire) {
      for (const name of changed) {
        try {
          await context.platform.users.expirePassword(name);
        } catch (error) {
          failures.push(`Cannot expire the password of "${name}": ${(error as Error).message}`);
        }
      }
    }

    await writeSshPasswordAuth(context);

    if (failures.length > 0) throw new OperationError(failures.join(" "));
    return { status: "applied", message: `${count(changed.length, "password")} set` };
  },
};

/**
 * Returns the entries of `chpasswd`, or, when it has none, one entry that
 * gives `password` to the default user, as cloud-init does.
 */
async function passwordEntries(context: ModuleContext): Promise<TypedPasswordEntry[]> {
  const entries = [...(context.config.chpasswd?.entries ?? [])];
  const password = context.config.password;
  if (password === undefined || entries.length > 0) return entries;

  const user = await resolveDefaultUser(context);
  if (user === undefined) {
    context.log.warning("password is set, but the config has no default user; it is ignored.");
    return entries;
  }
  const random = password === "R" || password === "RANDOM";
  entries.push({
    name: user.name,
    kind: random ? "random" : HASH_PATTERN.test(password) ? "hash" : "text",
    password: random ? undefined : password,
    keyPath: "password",
  });
  return entries;
}

/**
 * Sets one password. Returns undefined on success, an empty string when the
 * entry was skipped on purpose, or the failure message, which names the key
 * path and has the password removed from any platform error text.
 */
async function setPassword(
  context: ModuleContext,
  entry: TypedPasswordEntry,
): Promise<string | undefined> {
  if (entry.kind === "random" && context.hostIsolated) {
    context.log.warning(
      "{keyPath} asks for a random password for {user}, which is skipped under --root because " +
        "the password could only be shown on this host's console; {user} gets no password.",
      { keyPath: entry.keyPath, user: entry.name },
    );
    return "";
  }

  try {
    // The platform shows a generated password on the console; it must not reach a log here.
    await context.platform.users.setPassword(entry);
    context.log.info("Set the password of {user} from {keyPath} ({kind}).", {
      user: entry.name,
      keyPath: entry.keyPath,
      kind: entry.kind,
    });
    return undefined;
  } catch (error) {
    const reason = redactSecrets((error as Error).message, [entry.password]);
    const message = `Cannot set the password of "${entry.name}" from ${entry.keyPath}: ${reason}`;
    context.log.error(message);
    return message;
  }
}
