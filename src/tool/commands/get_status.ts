/** `egs-tool get-status <VM-ID>`: what the guest's EGS daemon publishes about itself. */

import { stringify } from "yaml";
import { GUEST_POOL_KEYS } from "../guest_keys.ts";
import type { HostKvp } from "../../kvp/host/host_kvp.ts";
import type { VmTarget } from "../vm_target.ts";

/** Guest services status as egs-tool reports it. */
export interface GuestStatus {
  /** `available` while the daemon runs, else `unknown`. */
  status: string;
  version: string | null;
  operating_system: string | null;
  features: string[];
  provisioning_state: string | null;
}

/** Reads the status keys from the guest pool; a guest that published nothing is `unknown`. */
export async function readGuestStatus(kvp: HostKvp, target: VmTarget): Promise<GuestStatus> {
  const guest = await kvp.read(target.id, "guest");
  const features = guest.get(GUEST_POOL_KEYS.features)?.trim();
  return {
    status: guest.get(GUEST_POOL_KEYS.status)?.trim() || "unknown",
    version: guest.get(GUEST_POOL_KEYS.version) ?? null,
    operating_system: guest.get(GUEST_POOL_KEYS.operatingSystem) ?? null,
    features: features ? features.split(/\s+/) : [],
    provisioning_state: guest.get(GUEST_POOL_KEYS.provisioningState) ?? null,
  };
}

/** Formats a status as text (the status alone on the first line, then details), JSON or YAML. */
export function formatGuestStatus(status: GuestStatus, format: string): string {
  if (format === "json") return JSON.stringify(status, null, 2);
  if (format === "yaml") return stringify(status).trimEnd();
  const lines = [status.status];
  if (status.version !== null) lines.push(`version: ${status.version}`);
  if (status.operating_system !== null) lines.push(`operating system: ${status.operating_system}`);
  if (status.features.length > 0) lines.push(`features: ${status.features.join(" ")}`);
  if (status.provisioning_state !== null) {
    lines.push(`provisioning: ${status.provisioning_state}`);
  }
  return lines.join("\n");
}

/** Runs `get-status`. */
export async function runGetStatus(kvp: HostKvp, target: VmTarget, format: string): Promise<void> {
  console.log(formatGuestStatus(await readGuestStatus(kvp, target), format));
}
