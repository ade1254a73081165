/**
 * Normalises `users`, `user` and `groups` the way cloud-init's
 * `normalize_users_groups` reads them: every form becomes a list of user
 * objects, `default` stays a marker for the platform's default user, and
 * group lists are split on commas and trimmed.
 */

import { isMapping } from "./schema/_walk.ts";
import type { TypedGroup, TypedUser } from "./schema/typed_cloud_config.ts";

type Mapping = Record<string, unknown>;

/** The sudo rule `sudo: true` stands for. */
export const FULL_SUDO_RULE = "ALL=(ALL) NOPASSWD:ALL";

/** Splits a comma-separated string, or trims a list, dropping empty names. */
export function splitNames(value: unknown): string[] {
  const items = typeof value === "string"
    ? value.split(",")
    : Array.isArray(value)
    ? value.filter((item): item is string => typeof item === "string")
    : isMapping(value)
    ? Object.keys(value)
    : [];
  return items.map((item) => item.trim()).filter((item) => item !== "");
}

/** Reads a user field under its name or its deprecated hyphenated alias. */
function field(entry: Mapping, key: string): unknown {
  return entry[key] ?? entry[key.replaceAll("_", "-")];
}

function optionalString(entry: Mapping, key: string): string | undefined {
  const value = field(entry, key);
  return typeof value === "string" ? value : undefined;
}

function flag(entry: Mapping, key: string, fallback: boolean): boolean {
  const value = field(entry, key);
  return typeof value === "boolean" ? value : fallback;
}

function sudoRules(value: unknown): string[] {
  if (value === true) return [FULL_SUDO_RULE];
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.filter((rule): rule is string => typeof rule === "string");
  return [];
}

/** Builds one typed user from a user mapping. */
export function typedUser(entry: Mapping, name: string, keyPath: string): TypedUser {
  const uid = field(entry, "uid");
  const list = (key: string) => {
    const value = field(entry, key);
    return Array.isArray(value)
      ? value.filter((item): item is string => typeof item === "string")
      : [];
  };
  return {
    name,
    isDefault: name === "default",
    keyPath,
    groups: splitNames(field(entry, "groups")),
    sudo: sudoRules(entry.sudo),
    lockPasswd: flag(entry, "lock_passwd", true),
    passwd: optionalString(entry, "passwd"),
    hashedPasswd: optionalString(entry, "hashed_passwd"),
    plainTextPasswd: optionalString(entry, "plain_text_passwd"),
    sshAuthorizedKeys: list("ssh_authorized_keys"),
    sshImportId: list("ssh_import_id"),
    sshRedirectUser: flag(entry, "ssh_redirect_user", false),
    shell: optionalString(entry, "shell"),
    homedir: optionalString(entry, "homedir"),
    uid: typeof uid === "number"
      ? uid
      : typeof uid === "string" && /^\d+$/.test(uid)
      ? Number(uid)
      : undefined,
    primaryGroup: optionalString(entry, "primary_group"),
    system: flag(entry, "system", false),
    noCreateHome: flag(entry, "no_create_home", false),
    noUserGroup: flag(entry, "no_user_group", false),
    noLogInit: flag(entry, "no_log_init", false),
    createGroups: flag(entry, "create_groups", true),
    expiredate: optionalString(entry, "expiredate"),
    gecos: optionalString(entry, "gecos"),
    inactive: optionalString(entry, "inactive"),
    selinuxUser: optionalString(entry, "selinux_user"),
    doas: list("doas"),
    snapuser: optionalString(entry, "snapuser"),
  };
}

/** Normalises `users` plus the `user` override of the default user. */
export function normalizeUsers(config: Mapping): TypedUser[] {
  const users: TypedUser[] = [];
  const raw = config.users;
  if (typeof raw === "string") {
    for (const name of splitNames(raw)) users.push(typedUser({}, name, "users"));
  } else if (Array.isArray(raw)) {
    raw.forEach((entry, index) => {
      const keyPath = `users[${index}]`;
      if (isMapping(entry)) {
        const name = typeof entry.name === "string" ? entry.name : "default";
        users.push(typedUser(entry, name, keyPath));
      } else {
        for (const name of splitNames(entry)) users.push(typedUser({}, name, keyPath));
      }
    });
  } else if (isMapping(raw)) {
    for (const [name, value] of Object.entries(raw)) {
      const keyPath = `users.${name}`;
      if (isMapping(value)) users.push(typedUser(value, name, keyPath));
      else if (value === true || value === "true" || value === 1) {
        users.push(typedUser({}, name, keyPath));
      }
    }
  }
  applyDefaultUserOverride(config.user, users);
  return users;
}

/** Merges `user` into the default-user entry, adding one when `users` has none, as cloud-init does. */
function applyDefaultUserOverride(override: unknown, users: TypedUser[]): void {
  if (override === undefined || override === null || override === "") return;
  const entry: Mapping = typeof override === "string" ? { name: override } : override as Mapping;
  const name = typeof entry.name === "string" ? entry.name : "default";
  const typed = { ...typedUser(entry, name, "user"), isDefault: true };
  const index = users.findIndex((user) => user.isDefault);
  if (index === -1) users.push(typed);
  else users[index] = { ...users[index], ...typed, keyPath: users[index].keyPath };
}

/** Normalises top-level `groups` into group names with their members. */
export function normalizeGroups(raw: unknown): TypedGroup[] {
  const groups: TypedGroup[] = [];
  const addMapping = (mapping: Mapping) => {
    for (const [name, members] of Object.entries(mapping)) {
      groups.push({ name: name.trim(), members: splitNames(members) });
    }
  };
  if (typeof raw === "string") {
    for (const name of splitNames(raw)) groups.push({ name, members: [] });
  } else if (Array.isArray(raw)) {
    for (const item of raw) {
      if (typeof item === "string") groups.push({ name: item.trim(), members: [] });
      else if (isMapping(item)) addMapping(item);
    }
  } else if (isMapping(raw)) {
    addMapping(raw);
  }
  return groups;
}
