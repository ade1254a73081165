/**
 * The host name of a Linux target: `/etc/hostname` and `/etc/hosts` inside
 * the root. Only a live system also changes the running host name, through
 * `hostnamectl` or, where that fails, the injected setter.
 */

import { OperationError } from "../../errors.ts";
import { getLogger } from "../../log/logging.ts";
import type { Hostname, Processes } from "../types.ts";
import { LOCAL_HOSTNAME_ADDRESS, updateHostsText } from "./hosts_file.ts";
import type { LinuxFiles } from "./linux_files.ts";

/** Options of {@linkcode LinuxHostname}. */
export interface LinuxHostnameOptions {
  files: LinuxFiles;
  /** Runs `hostnamectl`; on a live system only. */
  processes: Processes;
  /** True under `--root`: the running host name of this machine is never changed. */
  hostIsolated: boolean;
  /** Changes the running host name when `hostnamectl` fails; tests pass a recorder. */
  setRunningHostname?: (hostname: string) => Promise<void>;
  now?: () => Date;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Reads and sets the host name and updates the hosts file. */
export class LinuxHostname implements Hostname {
  readonly #options: LinuxHostnameOptions;

  constructor(options: LinuxHostnameOptions) {
    this.#options = options;
  }

  /**
   * Reads `/etc/hostname` (on a live system without one, the running host
   * name), and the FQDN from the first name of the `127.0.1.1` hosts entry
   * when that name contains a dot.
   */
  async read(): Promise<{ hostname: string; fqdn?: string }> {
    const files = this.#options.files;
    const stored = await files.read("/etc/hostname");
    const firstLine = stored === undefined ? "" : decoder.decode(stored).split("\n")[0].trim();
    const hostname = firstLine !== "" || this.#options.hostIsolated ? firstLine : Deno.hostname();

    const hosts = await files.read("/etc/hosts");
    for (const line of hosts === undefined ? [] : decoder.decode(hosts).split("\n")) {
      const fields = line.split("#", 1)[0].trim().split(/\s+/);
      if (fields[0] === LOCAL_HOSTNAME_ADDRESS && fields[1]?.includes(".")) {
        return { hostname, fqdn: fields[1] };
      }
    }
    return { hostname };
  }

  /**
   * Writes `hostname` to `/etc/hostname`; on a live system also applies it to
   * the running system. Returns false, because Linux needs no reboot for it.
   */
  async set(hostname: string, _fqdn?: string): Promise<boolean> {
    const log = getLogger("platform", "hostname");
    await this.#options.files.write("/etc/hostname", encoder.encode(`${hostname}\n`), {
      mode: 0o644,
    });
    log.info("Wrote {hostname} to /etc/hostname.", { hostname });
    if (this.#options.hostIsolated) return false;

    const result = await this.#options.processes.run({
      kind: "argv",
      argv: ["hostnamectl", "set-hostname", hostname],
    });
    if (result.code !== 0) {
      log.info("hostnamectl failed; setting the running host name directly.", { hostname });
      await (this.#options.setRunningHostname ?? ((name) => this.#runHostnameCommand(name)))(
        hostname,
      );
    }
    return false;
  }

  /** Adds the `127.0.1.1 FQDN HOSTNAME` entry to `/etc/hosts` unless it is there, keeping other lines. */
  async updateHostsFile(hostname: string, fqdn?: string): Promise<void> {
    const files = this.#options.files;
    const current = await files.read("/etc/hosts");
    const now = (this.#options.now ?? (() => new Date()))();
    const header = `# Added by eryph guest services on ${now.toUTCString()}`;
    const updated = updateHostsText(
      current === undefined ? undefined : decoder.decode(current),
      hostname,
      fqdn,
      header,
    );
    if (updated === undefined) return;
    await files.write("/etc/hosts", encoder.encode(updated), { mode: 0o644 });
    getLogger("platform", "hostname").info("Updated /etc/hosts for {hostname}.", {
      hostname,
      fqdn,
    });
  }

  async #runHostnameCommand(hostname: string): Promise<void> {
    const result = await this.#options.processes.run({
      kind: "argv",
      argv: ["hostname", hostname],
    });
    if (result.code !== 0) {
      throw new OperationError(
        `Cannot set the running host name to "${hostname}": "hostname" exited with code ${result.code}: ` +
          `${result.stderr.trim()}. Run the agent as root, or set the name with hostnamectl.`,
      );
    }
  }
}
