/** The `ntp` module: a systemd-timesyncd drop-in, as cloud-init writes it on Debian. */

import type { ProvisioningModule } from "../provisioning/module.ts";

/** The drop-in cloud-init writes for timesyncd. */
export const TIMESYNCD_DROP_IN = "/etc/systemd/timesyncd.conf.d/cloud-init.conf";

/** Pools cloud-init uses on Debian when `ntp` names no servers and no pools. */
export const DEFAULT_DEBIAN_POOLS = [0, 1, 2, 3].map((index) => `${index}.debian.pool.ntp.org`);

const CLIENTS = new Set(["auto", "systemd-timesyncd"]);
const encoder = new TextEncoder();

/**
 * Writes `ntp.servers` and `ntp.pools` as the `NTP=` line of the timesyncd
 * drop-in; with neither, the Debian pools. Another `ntp_client` is warned
 * about and timesyncd is configured instead. `enabled: false` turns the
 * module off. On a live system timesyncd is restarted when it runs.
 */
export const ntpModule: ProvisioningModule = {
  name: "ntp",
  stage: "config",
  frequency: "per-instance",
  activatedBy: ["ntp"],
  activatedByNull: true,
  async handle(context) {
    const ntp = context.config.ntp;
    if (ntp === undefined || !ntp.enabled) return { status: "unchanged", message: "ntp disabled" };

    if (!CLIENTS.has(ntp.client)) {
      context.log.warning(
        "ntp.ntp_client {client} is not supported; systemd-timesyncd is configured instead.",
        { client: ntp.client },
      );
    }
    const hosts = [...ntp.servers, ...ntp.pools];
    if (hosts.length === 0) {
      context.log.info("ntp names no servers or pools; using the Debian pools.");
      hosts.push(...DEFAULT_DEBIAN_POOLS);
    }

    const text = "# Written by EGS (eryph guest services).\n" +
      "# See timesyncd.conf(5) for details.\n\n[Time]\n" +
      `NTP=${hosts.join(" ")}\n`;
    await context.platform.files.write(TIMESYNCD_DROP_IN, encoder.encode(text), {
      mode: 0o644,
      owner: "root:root",
    });
    context.log.info("Wrote {path} with {count} NTP hosts.", {
      path: TIMESYNCD_DROP_IN,
      count: hosts.length,
    });

    if (!context.hostIsolated) {
      const argv = ["systemctl", "try-restart", "systemd-timesyncd.service"];
      const result = await context.platform.processes.run({ kind: "argv", argv });
      if (result.code !== 0) {
        context.log.warning("Cannot restart systemd-timesyncd: exit code {code}.", {
          argv,
          code: result.code,
          stderr: result.stderr.slice(-2000),
        });
      }
    }
    return { status: "applied", message: hosts.join(" ") };
  },
};
