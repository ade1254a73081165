/**
 * The operating-system capabilities that provisioning modules call. Each OS
 * implements these interfaces under `src/platform/<os>/`; one implementation
 * is chosen at start-up, so modules contain no OS checks. A capability an OS
 * lacks throws `NotSupportedError`.
 */

import type {
  TypedGroup,
  TypedPasswordEntry,
  TypedUser,
} from "../cloudconfig/schema/typed_cloud_config.ts";
import type { NetworkModel } from "../network/model.ts";

/** One command to run: an argv list run without a shell, or a string run by the platform's shell. */
export type ProcessCommand =
  | { kind: "argv"; argv: string[] }
  | { kind: "shell"; command: string }
  | { kind: "script"; path: string };

/** Options of {@linkcode Processes.run}. */
export interface RunOptions {
  /** Variables added to the inherited environment. */
  env?: Record<string, string>;
  cwd?: string;
  stdin?: Uint8Array;
  /** Kills the process after this many seconds; unset waits without limit. */
  timeoutSeconds?: number;
  /**
   * Name of the command in logs, in place of its argv, for a command taken
   * from user-data, where a secret may sit on the command line.
   */
  logAs?: string;
  /**
   * False when the caller logs a non-zero exit itself, with what it means;
   * the process is then not logged as a failure a second time. Default true.
   */
  logFailure?: boolean;
}

/** Exit code and output of a finished process. */
export interface ProcessResult {
  /** Exit code; 128 + N on Linux when signal N ended the process. */
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs external programs; under `--root` the Linux implementation runs them chrooted. */
export interface Processes {
  /** Runs one command to its end. Throws only when the program cannot be started. */
  run(command: ProcessCommand, options?: RunOptions): Promise<ProcessResult>;
}

/** Local users, groups and their passwords and keys. */
export interface Users {
  /** Resolves the `default` user entry to a concrete user: settings, then the image's cloud.cfg, then the OS default. */
  resolveDefaultUser(overrides: TypedUser): Promise<TypedUser>;
  /** Creates the group when missing and adds the members that exist. */
  ensureGroup(group: TypedGroup): Promise<void>;
  /** Creates the user when missing, else updates groups, shell and sudo rules; returns true when it created the user. */
  ensureUser(user: TypedUser): Promise<boolean>;
  /** Sets a password from a `chpasswd` entry; `random` entries return the generated password. */
  setPassword(entry: TypedPasswordEntry): Promise<string | undefined>;
  /** Forces a password change at the next login. */
  expirePassword(name: string): Promise<void>;
  /** Adds keys to the user's authorized keys, keeping the keys already there. */
  addAuthorizedKeys(name: string, keys: string[]): Promise<void>;
}

/** The machine's host name and the hosts file. */
export interface Hostname {
  /** Reads the current host name and, where one is set, the FQDN. */
  read(): Promise<{ hostname: string; fqdn?: string }>;
  /** Sets the host name persistently; returns true when the change takes effect only after a reboot. */
  set(hostname: string, fqdn?: string): Promise<boolean>;
  /** Writes the entries for the host name into the hosts file, keeping other lines. */
  updateHostsFile(hostname: string, fqdn?: string): Promise<void>;
}

/** Options of {@linkcode Files.write}. */
export interface WriteOptions {
  /** File mode such as 0o644; ignored where the OS has no POSIX modes. */
  mode?: number;
  /** `user:group`, or a user alone. */
  owner?: string;
  append?: boolean;
}

/** Files of the target system; under `--root` every path is taken inside the root. */
export interface Files {
  /** Reads a file; undefined when it does not exist. */
  read(path: string): Promise<Uint8Array | undefined>;
  /** Writes a file, creating missing parent directories. */
  write(path: string, data: Uint8Array, options?: WriteOptions): Promise<void>;
  /** Removes a file; a missing file is not an error. */
  remove(path: string): Promise<void>;
  exists(path: string): Promise<boolean>;
}

/** Network configuration of the target. */
export interface Network {
  /** Writes the configuration for the OS's network stack; returns true when a reboot is needed to apply it. */
  apply(model: NetworkModel): Promise<boolean>;
}

/** Options of the {@linkcode Power} actions. */
export interface PowerOptions {
  /** Minutes to wait before acting; the call schedules the action and returns. Unset or 0 acts at once. */
  delayMinutes?: number;
}

/** Reboot and shutdown. Under `--root` no implementation may act on the host. */
export interface Power {
  reboot(reason: string, options?: PowerOptions): Promise<void>;
  powerOff(reason: string, options?: PowerOptions): Promise<void>;
  halt(reason: string, options?: PowerOptions): Promise<void>;
}

/** Identity of the current boot. */
export interface Boot {
  /** Returns an id that changes on every boot (Linux: `/proc/sys/kernel/random/boot_id`). */
  readBootId(): Promise<string>;
  /** Returns the boot time, or undefined when the OS cannot tell. */
  readBootTime(): Promise<Date | undefined>;
}

/** The capabilities of one platform, chosen once at start-up. */
export interface Platform {
  users: Users;
  hostname: Hostname;
  files: Files;
  network: Network;
  processes: Processes;
  power: Power;
  boot: Boot;
}
