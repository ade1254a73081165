/**
 * The normalised cloud-config that modules consume: every accepted spelling
 * reduced to one form, deprecated aliases folded into their replacements, and
 * defaults filled in where cloud-init defines one.
 */

/** One user to create or update. */
export interface TypedUser {
  /** Login name; `default` when `isDefault` is set and the platform picks the name. */
  name: string;
  /** True for the `default` marker: the platform's default user, with these fields as overrides. */
  isDefault: boolean;
  /** Key path of the entry, such as `users[2]`, for messages. */
  keyPath: string;
  /** Supplementary groups, split on commas and trimmed; inner spaces are kept. */
  groups: string[];
  /** sudo rules; empty for none. `sudo: true` becomes `ALL=(ALL) NOPASSWD:ALL`. */
  sudo: string[];
  lockPasswd: boolean;
  passwd?: string;
  hashedPasswd?: string;
  plainTextPasswd?: string;
  sshAuthorizedKeys: string[];
  sshImportId: string[];
  sshRedirectUser: boolean;
  shell?: string;
  homedir?: string;
  uid?: number;
  primaryGroup?: string;
  system: boolean;
  noCreateHome: boolean;
  noUserGroup: boolean;
  noLogInit: boolean;
  createGroups: boolean;
  expiredate?: string;
  gecos?: string;
  inactive?: string;
  selinuxUser?: string;
  doas: string[];
  snapuser?: string;
}

/** One group to create, with the users to add to it. */
export interface TypedGroup {
  name: string;
  members: string[];
}

/** One password assignment from `chpasswd`. The password is absent for `random`. */
export interface TypedPasswordEntry {
  name: string;
  kind: "hash" | "text" | "random";
  password?: string;
  keyPath: string;
}

/** One `write_files` entry with its encoding and mode resolved. */
export interface TypedWriteFile {
  path: string;
  /** Content as written in the config; decode it with `encoding`. Empty when absent. */
  content: string | Uint8Array;
  encoding: "text" | "base64" | "gzip" | "gzip+base64";
  source?: { uri: string; headers: Record<string, string> };
  owner: string;
  /** File mode, such as 0o640; 0o644 when absent or undecodable. */
  mode: number;
  append: boolean;
  defer: boolean;
  keyPath: string;
}

/** One command: an argv list run without a shell, or a string run by the shell. */
export type TypedCommand =
  | { kind: "argv"; argv: string[] }
  | { kind: "shell"; command: string };

/** `power_state` with the delay in minutes (0 for `now`). */
export interface TypedPowerState {
  mode: "poweroff" | "reboot" | "halt";
  delayMinutes: number;
  message?: string;
  timeoutSeconds: number;
  condition: string | boolean | unknown[];
}

/** The normalised cloud-config. Keys absent from the input are undefined or empty. */
export interface TypedCloudConfig {
  hostname?: string;
  fqdn?: string;
  preserveHostname: boolean;
  preferFqdnOverHostname?: boolean;
  manageEtcHosts: boolean | "localhost" | "template";
  users: TypedUser[];
  groups: TypedGroup[];
  chpasswd?: { expire: boolean; entries: TypedPasswordEntry[] };
  password?: string;
  /** `unchanged` leaves the SSH server setting alone. */
  sshPwauth?: boolean | "unchanged";
  sshAuthorizedKeys: string[];
  sshKeys: Record<string, string>;
  sshGenkeytypes?: string[];
  disableRoot: boolean;
  disableRootOpts?: string;
  writeFiles: TypedWriteFile[];
  runcmd: TypedCommand[];
  bootcmd: TypedCommand[];
  powerState?: TypedPowerState;
  timezone?: string;
  /** The locale to set, or false when the config turns locale setting off. */
  locale?: string | false;
  keyboard?: { layout: string; model: string; variant?: string; options?: string };
  ntp?: {
    enabled: boolean;
    servers: string[];
    pools: string[];
    peers: string[];
    allow: string[];
    client: string;
  };
  growpart?: { mode: "auto" | "growpart" | "gpart" | "off"; devices: string[] };
  egs?: {
    settings: {
      remoteAccess?: boolean;
      provisioning?: boolean;
      kvpAuth?: boolean;
      portForwarding?: boolean;
    };
    update?: boolean;
  };
  /** Top-level keys that are valid for cloud-init but not applied by EGS. */
  notApplied: string[];
}
