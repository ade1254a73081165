/**
 * Checks on values the schema accepts but that deserve a warning: random
 * passwords, the deprecated `chpasswd.list`, an `ssh_pwauth` text that means
 * nothing, and `write_files` permissions that are not an octal mode. Secrets are named by key path only.
 */

import { isMapping } from "./schema/_walk.ts";
import { formatKeyPath, type Problem } from "./problem.ts";
import { DEFAULT_FILE_MODE, formatFileMode, parseFileMode } from "./file_mode.ts";
import { problemAt } from "./_problem_at.ts";
import { normalizeSshPwauth } from "./_normalize.ts";

const RANDOM_PASSWORDS = new Set(["R", "RANDOM"]);

/** Warns about each `chpasswd` entry that requests a random password, and about `chpasswd.list`. */
export function checkPasswords(config: Record<string, unknown>, file?: string): Problem[] {
  const chpasswd = config.chpasswd;
  if (!isMapping(chpasswd)) return [];
  const problems: Problem[] = [];
  const warnRandom = (path: (string | number)[]) =>
    problems.push(problemAt(config, path, {
      severity: "warning",
      code: "random-password",
      message: `A random password is requested at ${formatKeyPath(path)}.`,
      hint: "EGS shows a generated password only on the console (and sets none under --root); " +
        "give a password hash or SSH keys for a known login.",
    }, file));

  if (Array.isArray(chpasswd.users)) {
    chpasswd.users.forEach((entry, index) => {
      if (!isMapping(entry)) return;
      const randomType = entry.type === "RANDOM";
      const randomPassword = typeof entry.password === "string" &&
        RANDOM_PASSWORDS.has(entry.password);
      if (randomType || randomPassword) warnRandom(["chpasswd", "users", index]);
    });
  }

  const list = chpasswd.list;
  if (list !== undefined) {
    problems.push(problemAt(config, ["chpasswd", "list"], {
      severity: "warning",
      code: "deprecated",
      message: "chpasswd.list is deprecated.",
      hint: "Use chpasswd.users with name and password entries.",
    }, file));
  }
  const lines = typeof list === "string" ? list.split("\n") : Array.isArray(list) ? list : [];
  lines.forEach((line, index) => {
    if (typeof line !== "string") return;
    const password = line.slice(line.indexOf(":") + 1).trim();
    if (line.includes(":") && RANDOM_PASSWORDS.has(password)) {
      warnRandom(Array.isArray(list) ? ["chpasswd", "list", index] : ["chpasswd", "list"]);
    }
  });
  return problems;
}

/**
 * Warns about an `ssh_pwauth` text that is neither a boolean word nor
 * `unchanged`: provisioning then leaves sshd as it is, as cloud-init does.
 */
export function checkSshPwauth(config: Record<string, unknown>, file?: string): Problem[] {
  const value = config.ssh_pwauth;
  if (typeof value !== "string") return [];
  const text = value.trim().toLowerCase();
  if (text === "unchanged" || normalizeSshPwauth(value) !== "unchanged") return [];
  return [problemAt(config, ["ssh_pwauth"], {
    severity: "warning",
    code: "invalid-value",
    message: `The value "${value}" is neither true nor false, so sshd is left unchanged.`,
    hint: "Use true or false, or remove the key.",
  }, file)];
}

/** Warns about `write_files` permissions that are not an octal mode; such files get 0644. */
export function checkPermissions(config: Record<string, unknown>, file?: string): Problem[] {
  const entries = config.write_files;
  if (!Array.isArray(entries)) return [];
  const problems: Problem[] = [];
  entries.forEach((entry, index) => {
    if (!isMapping(entry) || typeof entry.permissions !== "string") return;
    if (parseFileMode(entry.permissions) !== undefined) return;
    problems.push(problemAt(config, ["write_files", index, "permissions"], {
      severity: "warning",
      code: "invalid-permissions",
      message: `Cannot read permissions ${JSON.stringify(entry.permissions)} as an octal mode; ` +
        `the file is written with ${formatFileMode(DEFAULT_FILE_MODE)}.`,
      expected: "an octal mode such as '0640'",
      hint: "Write permissions as octal digits, such as '0640'.",
    }, file));
  });
  return problems;
}
