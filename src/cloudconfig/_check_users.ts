/**
 * Checks on `users` that the schema cannot express: duplicate user names and
 * deprecated spellings.
 */

import { DEPRECATED_USER_KEYS } from "./schema/users.ts";
import { isMapping } from "./schema/_walk.ts";
import type { Problem } from "./problem.ts";
import { positionOf } from "./_locate.ts";
import { problemAt } from "./_problem_at.ts";

/** A user name and the index of the `users` entry that names it. */
interface NamedEntry {
  name: string;
  index: number;
}

/** Returns the names each entry of a `users` list defines (a comma string or a name list can define several). */
function namesOf(users: unknown[]): NamedEntry[] {
  const named: NamedEntry[] = [];
  users.forEach((entry, index) => {
    if (typeof entry === "string") {
      for (const name of entry.split(",")) {
        if (name.trim() !== "") named.push({ name: name.trim(), index });
      }
    } else if (Array.isArray(entry)) {
      for (const name of entry) if (typeof name === "string") named.push({ name, index });
    } else if (isMapping(entry) && typeof entry.name === "string") {
      named.push({ name: entry.name, index });
    }
  });
  return named;
}

/**
 * Rejects a user name defined by two entries of `users`. cloud-init merges
 * such entries silently; EGS rejects them because the merged user is rarely
 * what either entry meant.
 */
export function checkDuplicateUsers(config: Record<string, unknown>, file?: string): Problem[] {
  const users = config.users;
  if (!Array.isArray(users)) return [];
  const firstIndex = new Map<string, number>();
  const problems: Problem[] = [];
  for (const { name, index } of namesOf(users)) {
    const first = firstIndex.get(name);
    if (first === undefined) {
      firstIndex.set(name, index);
      continue;
    }
    if (first === index) continue;
    const firstLine = positionOf(config, ["users", first]).line;
    const secondLine = positionOf(config, ["users", index]).line;
    const lines = firstLine !== undefined && secondLine !== undefined
      ? ` (lines ${firstLine} and ${secondLine})`
      : "";
    problems.push(problemAt(config, ["users", index], {
      severity: "error",
      code: "duplicate-user",
      message: `Duplicate user name "${name}": users[${first}] and users[${index}]${lines} ` +
        "both define it.",
      hint: `Merge the two entries for "${name}" into one.`,
    }, file));
  }
  return problems;
}

/** Warns about deprecated spellings in user entries: hyphenated keys, `sudo: false`, string `uid`, mapping `groups`. */
export function checkDeprecatedUserKeys(config: Record<string, unknown>, file?: string): Problem[] {
  const users = config.users;
  if (!Array.isArray(users)) return [];
  const problems: Problem[] = [];
  const warn = (path: (string | number)[], message: string, hint: string) =>
    problems.push(problemAt(config, path, {
      severity: "warning",
      code: "deprecated",
      message,
      hint,
    }, file));
  users.forEach((entry, index) => {
    if (!isMapping(entry)) return;
    for (const key of Object.keys(entry)) {
      const replacement = Object.hasOwn(DEPRECATED_USER_KEYS, key)
        ? DEPRECATED_USER_KEYS[key]
        : undefined;
      if (replacement !== undefined) {
        warn(["users", index, key], `Key "${key}" is deprecated.`, `Use "${replacement}" instead.`);
      }
    }
    if (entry.sudo === false) {
      warn(
        ["users", index, "sudo"],
        "sudo: false is deprecated.",
        "Leave sudo out or set it to null.",
      );
    }
    if (typeof entry.uid === "string") {
      warn(["users", index, "uid"], "A string uid is deprecated.", "Write uid as an integer.");
    }
    if (isMapping(entry.groups)) {
      warn(
        ["users", index, "groups"],
        "groups as a mapping is deprecated.",
        "Write groups as a comma-separated string or a list.",
      );
    }
  });
  return problems;
}
