/**
 * Keys that do nothing on one operating system, used by `validate --target`
 * to warn before a config reaches a guest that would ignore them.
 */

/** The guest operating system a config is validated for; `all` adds no OS-specific warnings. */
export type ValidationTarget = "windows" | "linux" | "all";

/** Targets accepted by `--target`. */
export const VALIDATION_TARGETS: readonly ValidationTarget[] = ["windows", "linux", "all"];

/**
 * Key paths that have no effect on each target, with the reason the warning
 * gives. `users[]` stands for every entry of `users`.
 */
export const KEYS_WITHOUT_EFFECT: Readonly<
  Record<"windows" | "linux", Readonly<Record<string, string>>>
> = {
  windows: {
    locale: "EGS sets the locale on Linux guests only",
    keyboard: "EGS sets the keyboard layout on Linux guests only",
    ssh_genkeytypes: "EGS generates OpenSSH host keys on Linux guests only",
    ssh_keys: "EGS installs OpenSSH host keys on Linux guests only",
    disable_root: "Windows has no root account",
    disable_root_opts: "Windows has no root account",
    growpart: "EGS grows partitions on Linux guests only",
    "users[].shell": "Windows accounts have no login shell",
    "users[].homedir": "Windows creates user profiles itself",
    "users[].primary_group": "Windows accounts have no primary group",
    "users[].system": "Windows has no system flag for local accounts",
    "users[].selinux_user": "SELinux exists on Linux only",
    "users[].doas": "doas exists on Linux and BSD only",
    "users[].uid": "Windows assigns security identifiers itself",
    "users[].no_user_group": "Windows creates no group per user",
  },
  linux: {},
};
