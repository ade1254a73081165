/**
 * What the daemon publishes in the guest KVP pool for the host: the host keys,
 * and while remote access is on, status, version, operating system and
 * features. On stop the status and features are removed and the version and
 * operating system are written again, so the host can read the last running version.
 */

import type { KvpPool } from "../../kvp/pool.ts";

/** Guest pool keys the daemon writes. */
export const GUEST_KEYS = {
  status: "eryph:guest-services:status",
  version: "eryph:guest-services:version",
  operatingSystem: "eryph:guest-services:operating-system",
  features: "eryph:guest-services:features",
  hostKey: "eryph:guest-services:host-key",
} as const;

/** Facts the advertisement is built from. */
export interface AdvertisedFacts {
  version: string;
  operatingSystem: string;
  portForwarding: boolean;
  /** Host public keys as `<type> <base64>` lines. */
  hostKeyLines: readonly string[];
}

/** Returns the space-separated feature list: `shell-override`, plus `port-forwarding` when on. */
export function featureList(portForwarding: boolean): string {
  return portForwarding ? "shell-override port-forwarding" : "shell-override";
}

/** Publishes the host keys; they are published even with remote access off, for key pinning. */
export async function publishHostKeys(
  pool: KvpPool,
  hostKeyLines: readonly string[],
): Promise<void> {
  await pool.update({ [GUEST_KEYS.hostKey]: hostKeyLines.join("\n") });
}

/** Writes status `available`, version, operating system and features once the server listens. */
export async function advertiseAvailable(pool: KvpPool, facts: AdvertisedFacts): Promise<void> {
  await pool.update({
    [GUEST_KEYS.status]: "available",
    [GUEST_KEYS.version]: facts.version,
    [GUEST_KEYS.operatingSystem]: facts.operatingSystem,
    [GUEST_KEYS.features]: featureList(facts.portForwarding),
  });
}

/** Removes status and features and rewrites version and operating system, on stop. */
export async function advertiseStopped(pool: KvpPool, facts: AdvertisedFacts): Promise<void> {
  await pool.update({
    [GUEST_KEYS.status]: null,
    [GUEST_KEYS.features]: null,
    [GUEST_KEYS.version]: facts.version,
    [GUEST_KEYS.operatingSystem]: facts.operatingSystem,
  });
}

/** Describes the operating system, from `PRETTY_NAME` in os-release when present. */
export async function describeOperatingSystem(osReleasePath = "/etc/os-release"): Promise<string> {
  try {
    const text = await Deno.readTextFile(osReleasePath);
    const match = /^PRETTY_NAME=(?:"([^"]*)"|(.*))$/m.exec(text);
    const name = match?.[1] ?? match?.[2];
    if (name) return name;
  } catch {
    // Without os-release the kernel name and release below still identify the system.
  }
  return `${Deno.build.os} ${Deno.osRelease()}`;
}
