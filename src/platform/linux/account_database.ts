/**
 * The local account files of the target (`/etc/passwd`, `/etc/group`), read
 * through its {@linkcode Files}, so that names resolve against the root's
 * accounts and never against this machine's.
 */

import type { Files } from "../types.ts";

/** One `/etc/passwd` entry. */
export interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
  gecos: string;
  home: string;
  shell: string;
}

/** One `/etc/group` entry. */
export interface GroupEntry {
  name: string;
  gid: number;
  members: string[];
}

/** The users and groups of the target at the moment it was read. */
export interface AccountDatabase {
  users: Map<string, PasswdEntry>;
  groups: Map<string, GroupEntry>;
}

/**
 * Reads the target's `/etc/passwd` and `/etc/group`; a missing file reads as
 * empty. Malformed lines are skipped. Accounts served by NSS modules other
 * than `files` (LDAP, systemd-homed) are not seen.
 */
export async function readAccountDatabase(files: Files): Promise<AccountDatabase> {
  const decoder = new TextDecoder();
  const passwd = decoder.decode(await files.read("/etc/passwd") ?? new Uint8Array());
  const group = decoder.decode(await files.read("/etc/group") ?? new Uint8Array());
  return { users: parsePasswd(passwd), groups: parseGroup(group) };
}

/** Parses the text of a passwd file into entries keyed by name. */
export function parsePasswd(text: string): Map<string, PasswdEntry> {
  const users = new Map<string, PasswdEntry>();
  for (const fields of records(text, 7)) {
    const uid = Number(fields[2]);
    const gid = Number(fields[3]);
    if (!Number.isInteger(uid) || !Number.isInteger(gid)) continue;
    users.set(fields[0], {
      name: fields[0],
      uid,
      gid,
      gecos: fields[4],
      home: fields[5],
      shell: fields[6],
    });
  }
  return users;
}

/** Parses the text of a group file into entries keyed by name. */
export function parseGroup(text: string): Map<string, GroupEntry> {
  const groups = new Map<string, GroupEntry>();
  for (const fields of records(text, 4)) {
    const gid = Number(fields[2]);
    if (!Number.isInteger(gid)) continue;
    const members = fields[3].split(",").map((member) => member.trim()).filter((m) => m !== "");
    groups.set(fields[0], { name: fields[0], gid, members });
  }
  return groups;
}

function* records(text: string, count: number): Generator<string[]> {
  for (const line of text.split("\n")) {
    if (line.trim() === "" || line.startsWith("#")) continue;
    const fields = line.split(":");
    if (fields.length < count || fields[0] === "" || fields[2] === "") continue;
    yield fields;
  }
}
