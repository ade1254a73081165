/** Removes secret values from error text before it reaches a log line or a module failure. */

import type { TypedUser } from "../cloudconfig/schema/typed_cloud_config.ts";

/**
 * Replaces each non-empty secret in `text` with `[redacted]`. Platform errors
 * may quote a command line, and a password or hash must not travel with it.
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret !== undefined && secret !== "") result = result.replaceAll(secret, "[redacted]");
  }
  return result;
}

/** Returns the password fields of a user entry, for {@linkcode redactSecrets}. */
export function userSecrets(user: TypedUser): (string | undefined)[] {
  return [user.passwd, user.hashedPasswd, user.plainTextPasswd];
}
