/**
 * Network configuration of a Linux target as systemd-networkd files. Links
 * are renamed on a live system only: under `--root` the NICs belong to this
 * machine, not to the target.
 */

import { join } from "node:path";
import { getLogger } from "../../log/logging.ts";
import type { NetworkModel } from "../../network/model.ts";
import { renameRequests } from "../../network/rename_requests.ts";
import type { Network, Processes } from "../types.ts";
import { renderNetworkd } from "./networkd/render_networkd.ts";
import { writeNetworkFiles } from "./networkd/write_network_files.ts";
import { runChecked } from "./_run_checked.ts";

/** Options of {@linkcode LinuxNetwork}. */
export interface LinuxNetworkOptions {
  /** Host path of the target's `/`. */
  root: string;
  /** Runs `ip`; on a live system only. */
  processes: Processes;
  /** True under `--root`: no link of this machine is touched. */
  hostIsolated: boolean;
  /** sysfs folder listing the NICs; tests pass their own. */
  sysClassNet?: string;
}

/** Writes networkd files and, on a live system, renames NICs matched by MAC address. */
export class LinuxNetwork implements Network {
  readonly #options: LinuxNetworkOptions;

  constructor(options: LinuxNetworkOptions) {
    this.#options = options;
  }

  /**
   * Writes the networkd files of `model` under the root. On a live system
   * each requested rename is applied with `ip link`, taking the link down
   * for the rename. Returns false: networkd reads the files when it starts,
   * which it does after the local stage.
   */
  async apply(model: NetworkModel): Promise<boolean> {
    const log = getLogger("platform", "network");
    const files = renderNetworkd(model);
    await writeNetworkFiles(this.#options.root, files);
    log.info("Wrote {count} networkd files.", { count: files.size });

    const renames = renameRequests(model);
    if (this.#options.hostIsolated) {
      if (renames.length > 0) {
        log.info("Skipping {count} link renames under --root.", { count: renames.length });
      }
      return false;
    }
    const current = await this.#linksByMac();
    for (const rename of renames) {
      const name = current.get(rename.macAddress);
      if (name === undefined) {
        log.warning("No link has MAC address {mac}; cannot rename it to {name}.", {
          mac: rename.macAddress,
          name: rename.name,
        });
        continue;
      }
      if (name !== rename.name) await this.#rename(name, rename.name);
    }
    return false;
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
