/** Resolution of a `user:group` owner against the target's account files. */

import { OperationError } from "../../errors.ts";
import type { AccountDatabase } from "./account_database.ts";

/** Numeric ids of an owner; `gid` is undefined when the owner names no group. */
export interface OwnerIds {
  uid: number;
  gid?: number;
}

/**
 * Resolves `owner` (`user:group`, `user:`, `:group` or `user`, names or
 * numeric ids) to ids through the target's passwd and group entries. A user
 * alone leaves the group unchanged, as cloud-init does. Throws OperationError
 * naming the missing user or group, because writing a file with the wrong
 * owner could hand it to another account.
 */
export function resolveOwner(owner: string, accounts: AccountDatabase, path: string): OwnerIds {
  const separator = owner.indexOf(":");
  const userPart = (separator === -1 ? owner : owner.slice(0, separator)).trim();
  const groupPart = separator === -1 ? "" : owner.slice(separator + 1).trim();

  const uid = userPart === "" ? 0 : lookupUser(userPart, accounts, owner, path);
  const gid = groupPart === "" ? undefined : lookupGroup(groupPart, accounts, owner, path);
  return { uid, gid };
}

function lookupUser(name: string, accounts: AccountDatabase, owner: string, path: string): number {
  if (/^\d+$/.test(name)) return Number(name);
  const entry = accounts.users.get(name);
  if (entry === undefined) {
    throw new OperationError(
      `Cannot set owner "${owner}" of "${path}": user "${name}" not found in the target's /etc/passwd. ` +
        `Create the user first (write_files with defer: true runs after users are created) or fix the owner.`,
    );
  }
  return entry.uid;
}

function lookupGroup(name: string, accounts: AccountDatabase, owner: string, path: string): number {
  if (/^\d+$/.test(name)) return Number(name);
  const entry = accounts.groups.get(name);
  if (entry === undefined) {
    throw new OperationError(
      `Cannot set owner "${owner}" of "${path}": group "${name}" not found in the target's /etc/group. ` +
        `Create the group first or fix the owner.`,
    );
  }
  return entry.gid;
}
