/**
 * The per-VM alias file `vm.d/<name>.config` that the `Include` in
 * `~/.ssh/config` loads: one `Host` entry that reaches the VM through
 * egs-tool's proxy, with the client key and the pinned host keys.
 */

import { sshConfigPath } from "./tool_paths.ts";

/** Contents of one VM's alias file. */
export interface VmConfig {
  /** `<name>.hyper-v.alt`, the host name and the known_hosts name. */
  hostName: string;
  /** Short aliases listed before the host name on the `Host` line. */
  aliases: readonly string[];
  identityFile: string;
  knownHostsFile: string;
  /** `yes` when host keys are pinned, `accept-new` when the guest published none yet. */
  strictHostKeyChecking: "yes" | "accept-new";
  /** The complete ProxyCommand value. */
  proxyCommand: string;
}

/** Renders an alias file, LF line endings. */
export function renderVmConfig(config: VmConfig): string {
  const lines = [
    "# Written by egs-tool add-ssh-config; run it again instead of editing this file.",
    `Host ${[...config.aliases, config.hostName].join(" ")}`,
    `  HostName ${config.hostName}`,
    "  User egs",
    `  IdentityFile ${sshConfigPath(config.identityFile)}`,
    "  IdentitiesOnly yes",
    `  UserKnownHostsFile ${sshConfigPath(config.knownHostsFile)}`,
    `  StrictHostKeyChecking ${config.strictHostKeyChecking}`,
    "  PasswordAuthentication no",
    "  KbdInteractiveAuthentication no",
    `  ProxyCommand ${config.proxyCommand}`,
  ];
  return lines.join("\n") + "\n";
}

/** Returns the names on the first `Host` line of a config file's text. */
export function readHostNames(text: string): string[] {
  const match = /^\s*Host\s+(.+)$/im.exec(text);
  return match === null ? [] : match[1].trim().split(/\s+/);
}

/**
 * Returns `text` with `alias` taken off its `Host` lines, or undefined when
 * nothing changes. A line whose only name is the alias is left as it is,
 * because a `Host` line without names would break the whole file.
 */
export function removeAlias(text: string, alias: string): string | undefined {
  let changed = false;
  const result = text.replace(/^(\s*Host\s+)(.+)$/gim, (line, prefix: string, names: string) => {
    const list = names.trim().split(/\s+/);
    const kept = list.filter((name) => name.toLowerCase() !== alias.toLowerCase());
    if (kept.length === list.length || kept.length === 0) return line;
    changed = true;
    return `${prefix}${kept.join(" ")}`;
  });
  return changed ? result : undefined;
}
