/**
 * Network configuration of a Linux target: netplan YAML where the target has
 * netplan, else systemd-networkd files plus `.link` files for renames. The
 * running system is touched only on a live system: under `--root` the NICs
 * and services belong to this machine, not to the target.
 */

import { join } from "../../path/path.ts";
import { getLogger } from "../../log/logging.ts";
import type { NetworkModel } from "../../network/model.ts";
import { renameRequests } from "../../network/rename_requests.ts";
import type { Network, Processes } from "../types.ts";
import { NETPLAN_FILE, renderNetplan } from "./netplan/render_netplan.ts";
import { renderLinkFiles } from "./networkd/render_link_files.ts";
import { renderNetworkd } from "./networkd/render_networkd.ts";
import { writeNetworkFiles } from "./networkd/write_network_files.ts";
import { runChecked } from "./_run_checked.ts";

/** Path of the netplan program inside the target; its presence selects netplan. */
export const NETPLAN_PROGRAM = "usr/sbin/netplan";

/** Options of {@linkcode LinuxNetwork}. */
export interface LinuxNetworkOptions {
  /** Host path of the target's `/`. */
  root: string;
  /** Runs `ip`, `networkctl` and `netplan`; on a live system only. */
  processes: Processes;
  /** True under `--root`: no link or service of this machine is touched. */
  hostIsolated: boolean;
  /** sysfs folder listing the NICs; tests pass their own. */
  sysClassNet?: string;
}

/** Writes the network configuration and, on a live system, applies it. */
export class LinuxNetwork implements Network {
  readonly #options: LinuxNetworkOptions;

  constructor(options: LinuxNetworkOptions) {
    this.#options = options;
  }

  /**
   * Writes the configuration of `model` under the root: with netplan
   * installed, `etc/netplan/50-cloud-init.yaml` (mode 0600), which netplan
   * turns into backend files; otherwise the networkd files and a `.link` file
   * per rename. On a live system it then runs `netplan generate` and `netplan
   * apply`, or renames the NICs with `ip link` and runs `networkctl reload`.
   * Returns false: no reboot is needed.
   */
  async apply(model: NetworkModel): Promise<boolean> {
    if (await this.#hasNetplan()) await this.#applyNetplan(model);
    else await this.#applyNetworkd(model);
    return false;
  }

  async #applyNetplan(model: NetworkModel): Promise<void> {
    const log = getLogger("platform", "network");
    await writeNetworkFiles(
      this.#options.root,
      new Map([[NETPLAN_FILE, renderNetplan(model)]]),
      0o600,
    );
    log.info("Wrote {path} for netplan.", { path: `/${NETPLAN_FILE}` });
    if (this.#options.hostIsolated) {
      log.info("Skipping netplan generate and apply under --root.");
      return;
    }
    // NOTE: tests check these argv lists with a recording runner only.
    const fix = `Check /${NETPLAN_FILE} with "netplan generate --debug".`;
    const processes = this.#options.processes;
    await runChecked(processes, ["netplan", "generate"], "generate the netplan configuration", fix);
    await runChecked(processes, ["netplan", "apply"], "apply the netplan configuration", fix);
  }

  async #applyNetworkd(model: NetworkModel): Promise<void> {
    const log = getLogger("platform", "network");
    const files = renderNetworkd(model);
    const links = renderLinkFiles(model);
    await writeNetworkFiles(this.#options.root, new Map([...files, ...links]));
    log.info("Wrote {count} networkd files and {links} link files.", {
      count: files.size,
      links: links.size,
    });

    if (this.#options.hostIsolated) {
      if (links.size > 0) {
        log.info("Skipping {count} link renames under --root; the .link files rename at boot.", {
          count: links.size,
        });
      }
      return;
    }
    await this.#renameLinks(model);
    await this.#reloadNetworkd();
  }

  async #renameLinks(model: NetworkModel): Promise<void> {
    const current = await this.#linksByMac();
    for (const rename of renameRequests(model)) {
      const name = current.get(rename.macAddress);
      if (name === undefined) {
        getLogger("platform", "network").warning(
          "No link has MAC address {mac}; cannot rename it to {name}.",
          { mac: rename.macAddress, name: rename.name },
        );
        continue;
      }
      if (name !== rename.name) await this.#rename(name, rename.name);
    }
  }

  // networkd may not run yet when the agent's early stage writes the files; it
  // reads them when it starts, so a failed reload is only a warning.
  async #reloadNetworkd(): Promise<void> {
    const argv = ["networkctl", "reload"];
    const result = await this.#options.processes.run({ kind: "argv", argv });
    if (result.code !== 0) {
      getLogger("platform", "network").warning(
        "networkctl reload exited with {code}; networkd reads the files when it starts.",
        { argv, code: result.code, stderr: result.stderr.slice(-2000) },
      );
    }
  }

  async #hasNetplan(): Promise<boolean> {
    try {
      return (await Deno.stat(join(this.#options.root, NETPLAN_PROGRAM))).isFile;
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return false;
      throw error;
    }
  }

  async #rename(from: string, to: string): Promise<void> {
    // NOTE: tests check this argv with a recording runner only; no test renames a real link.
    const processes = this.#options.processes;
    const action = `rename link "${from}" to "${to}"`;
    const fix = "Check that no other link has that name.";
    await runChecked(processes, ["ip", "link", "set", "dev", from, "down"], action, fix);
    await runChecked(processes, ["ip", "link", "set", "dev", from, "name", to], action, fix);
    await runChecked(processes, ["ip", "link", "set", "dev", to, "up"], action, fix);
    getLogger("platform", "network").info("Renamed link {from} to {to}.", { from, to });
  }

  async #linksByMac(): Promise<Map<string, string>> {
    const folder = this.#options.sysClassNet ?? "/sys/class/net";
    const links = new Map<string, string>();
    for await (const entry of Deno.readDir(folder)) {
      try {
        const mac = (await Deno.readTextFile(join(folder, entry.name, "address"))).trim()
          .toLowerCase();
        links.set(mac, entry.name);
      } catch {
        // A link without an address file (such as a bonding master list) has no MAC to match.
      }
    }
    return links;
  }
}
