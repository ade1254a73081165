/**
 * The `ntp` module: chrony's config where the target has chrony, else a
 * systemd-timesyncd drop-in, as cloud-init writes them on Debian.
 */

import type { ModuleContext, ProvisioningModule } from "../provisioning/module.ts";

/** The drop-in cloud-init writes for timesyncd. */
export const TIMESYNCD_DROP_IN = "/etc/systemd/timesyncd.conf.d/cloud-init.conf";

/** chrony's config file on Debian, which cloud-init replaces. */
export const CHRONY_CONF = "/etc/chrony/chrony.conf";

/** chrony's daemon; its presence in the target selects chrony. */
export const CHRONYD_PROGRAM = "/usr/sbin/chronyd";

/** Pools cloud-init uses on Debian when `ntp` names no servers and no pools. */
export const DEFAULT_DEBIAN_POOLS = [0, 1, 2, 3].map((index) => `${index}.debian.pool.ntp.org`);

const CLIENTS = new Set(["auto", "systemd-timesyncd", "chrony"]);
const encoder = new TextEncoder();

type Ntp = NonNullable<ModuleContext["config"]["ntp"]>;

/**
 * Configures time sync from `ntp.servers`, `ntp.pools`, `ntp.peers` and
 * `ntp.allow`; with no servers and no pools, the Debian pools. `ntp_client`
 * `auto` or `chrony` writes chrony's config when the target has `chronyd`;
 * otherwise, and for `systemd-timesyncd`, the servers and pools go to the
 * `NTP=` line of the timesyncd drop-in. Another client is warned about.
 * `enabled: false` turns the module off. On a live system the chosen service
 * is restarted when it runs.
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
        "ntp.ntp_client {client} is not supported; chrony or systemd-timesyncd is configured instead.",
        { client: ntp.client },
      );
    }
    const pools = [...ntp.pools];
    if (ntp.servers.length === 0 && pools.length === 0) {
      context.log.info("ntp names no servers or pools; using the Debian pools.");
      pools.push(...DEFAULT_DEBIAN_POOLS);
    }

    const hasChrony = await context.platform.files.exists(CHRONYD_PROGRAM);
    if (ntp.client === "chrony" && !hasChrony) {
      context.log.warning(
        "ntp.ntp_client is chrony, but {program} is not installed; systemd-timesyncd is configured instead.",
        { program: CHRONYD_PROGRAM },
      );
    }
    const useChrony = hasChrony && ntp.client !== "systemd-timesyncd";
    const path = useChrony ? CHRONY_CONF : TIMESYNCD_DROP_IN;
    const text = useChrony ? chronyConfig(ntp, pools) : timesyncdDropIn(ntp.servers, pools);
    await context.platform.files.write(path, encoder.encode(text), {
      mode: 0o644,
      owner: "root:root",
    });
    const hosts = [...ntp.servers, ...pools];
    context.log.info("Wrote {path} with {count} NTP hosts.", { path, count: hosts.length });

    if (!context.hostIsolated) {
      await restart(context, useChrony ? "chrony.service" : "systemd-timesyncd.service");
    }
    return { status: "applied", message: hosts.join(" ") };
  },
};

function timesyncdDropIn(servers: string[], pools: string[]): string {
  return "# Written by EGS (eryph guest services).\n" +
    "# See timesyncd.conf(5) for details.\n\n[Time]\n" +
    `NTP=${[...servers, ...pools].join(" ")}\n`;
}

// The directives after the host lines keep the defaults of Debian's own
// chrony.conf, so replacing the file changes only where time comes from.
function chronyConfig(ntp: Ntp, pools: string[]): string {
  const lines = [
    "# Written by EGS (eryph guest services).",
    "# See chrony.conf(5) for details.",
    "",
  ];
  for (const pool of pools) lines.push(`pool ${pool} iburst`);
  for (const server of ntp.servers) lines.push(`server ${server} iburst`);
  for (const peer of ntp.peers) lines.push(`peer ${peer}`);
  for (const network of ntp.allow) lines.push(`allow ${network}`);
  lines.push(
    "",
    "keyfile /etc/chrony/chrony.keys",
    "driftfile /var/lib/chrony/chrony.drift",
    "logdir /var/log/chrony",
    "maxupdateskew 100.0",
    "rtcsync",
    "makestep 1 3",
  );
  return lines.join("\n") + "\n";
}

async function restart(context: ModuleContext, unit: string): Promise<void> {
  const argv = ["systemctl", "try-restart", unit];
  const result = await context.platform.processes.run({ kind: "argv", argv });
  if (result.code !== 0) {
    context.log.warning("Cannot restart {unit}: exit code {code}.", {
      unit,
      argv,
      code: result.code,
      stderr: result.stderr.slice(-2000),
    });
  }
}
