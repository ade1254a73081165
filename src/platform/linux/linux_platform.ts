/** Assembly of the Linux platform from its capabilities. */

import { resolve } from "../../path/path.ts";
import type { Boot, Platform, Processes } from "../types.ts";
import { LinuxBoot } from "./boot.ts";
import type { DefaultUserSetting } from "./default_user.ts";
import { LinuxFiles } from "./linux_files.ts";
import { LinuxHostname } from "./linux_hostname.ts";
import { LinuxNetwork } from "./linux_network.ts";
import { LinuxPower } from "./linux_power.ts";
import { LinuxProcesses } from "./linux_processes.ts";
import { LinuxUsers } from "./linux_users.ts";

/** Options of {@linkcode createLinuxPlatform}. */
export interface LinuxPlatformOptions {
  /** Target root (`--root`); unset means this machine, which is then changed for real. */
  root?: string;
  /** The `defaultUser` setting. */
  defaultUser?: DefaultUserSetting;
  /** Boot id that replaces the kernel's (`--boot-id`). */
  bootId?: string;
  /** procfs folder of {@linkcode LinuxBoot}. */
  procDir?: string;
  /** Replaces the command runner; tests pass a recorder. */
  processes?: Processes;
}

/**
 * Builds the Linux platform. With `root`, every capability is host-isolated:
 * files go under the root, commands run chrooted into it, and nothing changes
 * this machine's host name, links, console or power state.
 */
export function createLinuxPlatform(options: LinuxPlatformOptions = {}): Platform {
  const hostIsolated = options.root !== undefined;
  const root = options.root === undefined ? "/" : resolve(options.root);
  const processes = options.processes ??
    new LinuxProcesses({ root: hostIsolated ? root : undefined });
  const files = new LinuxFiles(root);
  return {
    files,
    processes,
    users: new LinuxUsers({ processes, files, hostIsolated, defaultUser: options.defaultUser }),
    hostname: new LinuxHostname({ files, processes, hostIsolated }),
    network: new LinuxNetwork({ root, processes, hostIsolated }),
    power: new LinuxPower({ processes, hostIsolated }),
    boot: options.bootId === undefined
      ? new LinuxBoot(options.procDir)
      : new FixedBoot(options.bootId),
  };
}

/** A boot identity given on the command line, for simulated reboots. */
class FixedBoot implements Boot {
  readonly #bootId: string;

  constructor(bootId: string) {
    this.#bootId = bootId;
  }

  readBootId(): Promise<string> {
    return Promise.resolve(this.#bootId);
  }

  readBootTime(): Promise<Date | undefined> {
    return Promise.resolve(undefined);
  }
}
