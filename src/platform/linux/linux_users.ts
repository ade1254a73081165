/**
 * Users and groups of a Linux target through the shadow utilities
 * (`groupadd`, `useradd`, `usermod`, `chpasswd`, `passwd`), following
 * cloud-init's `create_group` and `create_user`. Under `--root` the commands
 * run chrooted, so the root's own tools and account files are changed, and
 * existence checks read the root's `/etc/passwd` and `/etc/group`.
 */

import type {
  TypedGroup,
  TypedPasswordEntry,
  TypedUser,
} from "../../cloudconfig/schema/typed_cloud_config.ts";
import { NotSupportedError, OperationError } from "../../errors.ts";
import { getLogger } from "../../log/logging.ts";
import type { Processes, Users } from "../types.ts";
import { type AccountDatabase, type PasswdEntry, readAccountDatabase } from "./account_database.ts";
import { mergeAuthorizedKeys } from "./authorized_keys.ts";
import {
  applyDefaultUserOverrides,
  baseDefaultUser,
  type DefaultUserSetting,
} from "./default_user.ts";
import { writeDoasRules } from "./doas_rules.ts";
import type { LinuxFiles } from "./linux_files.ts";
import { randomPassword } from "./random_password.ts";
import { runChecked } from "./_run_checked.ts";
import { writeSudoRules } from "./sudoers.ts";
import { useraddArgs } from "./useradd_args.ts";
import { applyUserPasswords } from "./apply_user_passwords.ts";
import { showOnConsole } from "./show_on_console.ts";
import { removeStaleAccountLocks } from "./stale_account_locks.ts";
import { expireUserPassword, setUserPassword } from "./user_passwords.ts";

/** Target folder of the markers of account creations in progress. */
export const PENDING_ACCOUNTS_DIR = "/var/lib/eryph/pending-accounts";

/** Options of {@linkcode LinuxUsers}. */
export interface LinuxUsersOptions {
  processes: Processes;
  files: LinuxFiles;
  /** True under `--root`: random passwords are rejected, because nothing may reach the host's console. */
  hostIsolated: boolean;
  /** The `defaultUser` setting. */
  defaultUser?: DefaultUserSetting;
  /** Console device that shows generated passwords on a live system. */
  consolePath?: string;
  now?: () => Date;
}

/** Creates and updates local users and groups on Linux. */
export class LinuxUsers implements Users {
  readonly #processes: Processes;
  readonly #files: LinuxFiles;
  readonly #options: LinuxUsersOptions;
  #staleLocksRemoved: Promise<unknown> | undefined;

  constructor(options: LinuxUsersOptions) {
    this.#processes = options.processes;
    this.#files = options.files;
    this.#options = options;
  }

  /** Resolves the `default` entry: settings, then the target's cloud.cfg, then `admin`; `overrides` apply on top. */
  async resolveDefaultUser(overrides: TypedUser): Promise<TypedUser> {
    const base = await baseDefaultUser(this.#files, this.#options.defaultUser);
    return applyDefaultUserOverrides(base, overrides);
  }

  /** Creates the group with `groupadd` when missing, then adds each existing member with `usermod -a -G`. */
  async ensureGroup(group: TypedGroup): Promise<void> {
    const log = getLogger("platform", "users");
    await this.#removeStaleLocks();
    const accounts = await readAccountDatabase(this.#files);
    const existing = await this.#isPending("group", group.name)
      ? undefined
      : accounts.groups.get(group.name);
    if (existing === undefined) {
      await this.#createGroup(group.name);
    } else {
      log.info("Group {group} exists already.", { group: group.name });
    }

    for (const member of group.members) {
      if (!accounts.users.has(member)) {
        log.warning("Cannot add {user} to group {group}: the user does not exist.", {
          user: member,
          group: group.name,
        });
        continue;
      }
      if (existing?.members.includes(member) && !(await this.#isMemberPending(member))) continue;
      await this.#addToGroups(member, [group.name], "Check the group and user names.");
      log.info("Added {user} to group {group}.", { user: member, group: group.name });
    }
  }

  /**
   * Creates the user when missing (its missing groups first, unless
   * `create_groups` is false), else adds it to missing groups and changes its
   * shell. Then, for new and existing users alike: passwords, the lock, sudo
   * and doas rules and authorized keys. Returns true when the user was created.
   */
  async ensureUser(requested: TypedUser): Promise<boolean> {
    const user = requested.isDefault && requested.name === "default"
      ? await this.resolveDefaultUser(requested)
      : requested;
    if (user.snapuser !== undefined) {
      throw new NotSupportedError(
        `Creating snap users (${user.keyPath}.snapuser)`,
        "this Linux platform",
      );
    }

    await this.#removeStaleLocks();
    const accounts = await readAccountDatabase(this.#files);
    const existing = await this.#isPending("user", user.name)
      ? undefined
      : accounts.users.get(user.name);
    if (existing === undefined) await this.#createUser(user, accounts);
    else await this.#updateUser(user, existing, accounts);

    await applyUserPasswords(this.#processes, this.#files, user, existing === undefined);

    if (user.sudo.length > 0) await writeSudoRules(this.#files, user.name, user.sudo, this.#now());
    if (user.doas.length > 0) await writeDoasRules(this.#files, user.name, user.doas, user.keyPath);
    if (user.sshAuthorizedKeys.length > 0) {
      await this.addAuthorizedKeys(user.name, user.sshAuthorizedKeys);
    }
    return existing === undefined;
  }

  /**
   * Sets a password from a `chpasswd` entry. A `random` entry gets a
   * generated password, which is written to the console only and returned.
   * Under `--root` a `random` entry throws OperationError, so callers skip it.
   */
  async setPassword(entry: TypedPasswordEntry): Promise<string | undefined> {
    await this.#removeStaleLocks();
    if (entry.kind !== "random") {
      if (entry.password === undefined) {
        throw new OperationError(
          `Cannot set the password of user "${entry.name}": ${entry.keyPath} has no password.`,
        );
      }
      await setUserPassword(
        this.#processes,
        entry.name,
        entry.password,
        entry.kind === "hash",
        entry.keyPath,
      );
      return undefined;
    }

    if (this.#options.hostIsolated) {
      throw new OperationError(
        `Cannot set a random password for user "${entry.name}" (${entry.keyPath}) under --root: it could only ` +
          "be shown on this machine's console. Give the password or a hash instead.",
      );
    }
    const password = randomPassword();
    await setUserPassword(this.#processes, entry.name, password, false, entry.keyPath);
    await showOnConsole(
      this.#options.consolePath ?? "/dev/console",
      `Set the following 'random' passwords\n${entry.name}:${password}\n`,
      entry.name,
    );
    return password;
  }

  // A shadow utility killed in an earlier run may have left its lock behind,
  // which would make every later useradd fail. Checking once per run is enough.
  #removeStaleLocks(): Promise<unknown> {
    this.#staleLocksRemoved ??= removeStaleAccountLocks(this.#files);
    return this.#staleLocksRemoved;
  }

  /** Forces a password change at the next login. */
  expirePassword(name: string): Promise<void> {
    return expireUserPassword(this.#processes, name);
  }

  /**
   * Adds `keys` to `~/.ssh/authorized_keys` of `name`: the folder gets mode
   * 0700, the file 0600, both owned by the user and its primary group. Lines
   * are kept byte for byte, options included. Throws OperationError when the
   * user does not exist.
   */
  async addAuthorizedKeys(name: string, keys: string[]): Promise<void> {
    const entry = (await readAccountDatabase(this.#files)).users.get(name);
    if (entry === undefined) {
      throw new OperationError(
        `Cannot add authorized keys for user "${name}": the user does not exist. Create it first.`,
      );
    }
    // NOTE: the path is always ~/.ssh/authorized_keys; an AuthorizedKeysFile
    // setting in the target's sshd_config is not read.
    const folder = `${entry.home.replace(/\/+$/, "")}/.ssh`;
    const path = `${folder}/authorized_keys`;
    const owner = `${entry.uid}:${entry.gid}`;
    await this.#files.ensureFolder(folder, 0o700, owner);

    const current = await this.#files.read(path);
    const merged = mergeAuthorizedKeys(
      current === undefined ? "" : new TextDecoder().decode(current),
      keys,
    );
    await this.#files.write(path, new TextEncoder().encode(merged), { mode: 0o600, owner });
    getLogger("platform", "users").info(
      "Wrote the authorized keys of {user} to {path} (count {count}).",
      {
        user: name,
        count: keys.length,
        path,
      },
    );
  }

  async #createGroup(name: string): Promise<void> {
    await this.#createJournaled(
      "group",
      name,
      ["groupadd", name],
      `create group "${name}"`,
      "Check the group name.",
    );
    getLogger("platform", "users").info("Created group {group}.", { group: name });
  }

  /**
   * Runs `create` (`useradd` or `groupadd`) with a marker file written before
   * and removed after it. shadow-utils writes /etc/passwd, /etc/shadow,
   * /etc/group, /etc/gshadow, /etc/subuid and the home folder one after
   * another, so a kill in between leaves an account that exists but is
   * incomplete. A marker left by such a kill makes this call delete the
   * half-made account first (`userdel -r -f` or `groupdel -f`) and create it
   * again.
   */
  async #createJournaled(
    kind: "user" | "group",
    name: string,
    create: string[],
    action: string,
    fix: string,
  ): Promise<void> {
    const marker = pendingMarker(kind, name);
    if (await this.#files.exists(marker)) {
      const accounts = await readAccountDatabase(this.#files);
      const exists = kind === "user" ? accounts.users.has(name) : accounts.groups.has(name);
      if (exists) {
        const remove = kind === "user" ? ["userdel", "-r", "-f", name] : ["groupdel", "-f", name];
        getLogger("platform", "users").warning(
          "The creation of {kind} {name} was interrupted; deleting it to create it again.",
          { kind, name },
        );
        await runChecked(
          this.#processes,
          remove,
          `delete the half-created ${kind} "${name}"`,
          `Delete the ${kind} by hand and remove ${marker}.`,
        );
      }
    }

    await this.#files.write(marker, new TextEncoder().encode(`${create.join(" ")}\n`), {
      mode: 0o600,
    });
    try {
      await runChecked(this.#processes, create, action, fix);
    } finally {
      // A failed command has rolled its own changes back, so only a kill
      // leaves the marker behind.
      await this.#files.remove(marker);
    }
  }

  async #createMissingGroups(user: TypedUser, accounts: AccountDatabase): Promise<void> {
    if (!user.createGroups) return;
    const needed = [
      ...user.groups,
      ...(user.primaryGroup === undefined ? [] : [user.primaryGroup]),
    ];
    for (const group of new Set(needed)) {
      if (/^\d+$/.test(group)) continue;
      if (accounts.groups.has(group) && !(await this.#isPending("group", group))) continue;
      await this.#createGroup(group);
    }
  }

  async #createUser(user: TypedUser, accounts: AccountDatabase): Promise<void> {
    await this.#createMissingGroups(user, accounts);
    await this.#createJournaled(
      "user",
      user.name,
      useraddArgs(user),
      `create user "${user.name}" (${user.keyPath})`,
      "Check the user's name, groups, uid and home folder.",
    );
    getLogger("platform", "users").info("Created user {user}.", { user: user.name });
  }

  async #updateUser(
    user: TypedUser,
    existing: PasswdEntry,
    accounts: AccountDatabase,
  ): Promise<void> {
    const log = getLogger("platform", "users");
    log.info("User {user} exists already; updating its groups and shell.", { user: user.name });
    await this.#createMissingGroups({ ...user, primaryGroup: undefined }, accounts);

    const pending = await this.#isMemberPending(user.name);
    const missing = user.groups.filter((group) =>
      pending || !accounts.groups.get(group)?.members.includes(user.name)
    );
    if (missing.length > 0) await this.#addToGroups(user.name, missing, "Check the group names.");
    if (user.shell !== undefined && user.shell !== existing.shell) {
      await runChecked(
        this.#processes,
        ["usermod", "--shell", user.shell, user.name],
        `change the shell of user "${user.name}"`,
        `Check that ${user.shell} exists in the target.`,
      );
    }
  }

  /**
   * Adds `user` to `groups` with `usermod -a -G`, with a marker file around
   * it like account creation. usermod writes /etc/group before /etc/gshadow,
   * so a kill in between leaves the user listed in one file only, and a rerun
   * that looked at /etc/group alone would never add the other entry. While
   * the marker exists the membership counts as missing, and usermod, which
   * checks each file on its own, completes it.
   */
  async #addToGroups(user: string, groups: string[], fix: string): Promise<void> {
    const marker = `${PENDING_ACCOUNTS_DIR}/member-${user}`;
    const argv = ["usermod", "-a", "-G", groups.join(","), user];
    await this.#files.write(marker, new TextEncoder().encode(`${argv.join(" ")}\n`), {
      mode: 0o600,
    });
    try {
      await runChecked(
        this.#processes,
        argv,
        `add user "${user}" to groups ${groups.join(",")}`,
        fix,
      );
    } finally {
      // A failed usermod has changed nothing, so only a kill leaves the marker behind.
      await this.#files.remove(marker);
    }
  }

  /** Tells whether a marker shows that adding this user to groups was interrupted. */
  #isMemberPending(user: string): Promise<boolean> {
    return this.#files.exists(`${PENDING_ACCOUNTS_DIR}/member-${user}`);
  }

  /** Tells whether a marker shows that creating this account was interrupted. */
  #isPending(kind: "user" | "group", name: string): Promise<boolean> {
    return this.#files.exists(pendingMarker(kind, name));
  }

  #now(): Date {
    return (this.#options.now ?? (() => new Date()))();
  }
}

function pendingMarker(kind: "user" | "group", name: string): string {
  return `${PENDING_ACCOUNTS_DIR}/${kind}-${name}`;
}
