/**
 * Picks the host name and FQDN the way cloud-init's `get_hostname_fqdn`
 * does: `fqdn` first, then a dotted `hostname`, then `hostname`, then the
 * datasource's `local-hostname`.
 */

import type { TypedCloudConfig } from "../cloudconfig/schema/typed_cloud_config.ts";
import type { InstanceData } from "../provisioning/module.ts";

/** The names to set, and where they came from, for logs. */
export interface HostNames {
  hostname: string;
  fqdn?: string;
  source: "config" | "meta-data";
}

/**
 * Returns the names to set, or undefined when neither the config nor the
 * meta-data names the host. With `prefer_fqdn_over_hostname: true` the host
 * name is the FQDN.
 */
export function pickHostNames(
  config: TypedCloudConfig,
  instance: InstanceData,
): HostNames | undefined {
  const names = namesFromConfig(config) ?? namesFromMetadata(instance.metadata);
  if (names === undefined) return undefined;
  if (config.preferFqdnOverHostname === true && names.fqdn !== undefined) {
    return { ...names, hostname: names.fqdn };
  }
  return names;
}

function namesFromConfig(config: TypedCloudConfig): HostNames | undefined {
  if (config.fqdn !== undefined && config.fqdn !== "") {
    const hostname = config.hostname ?? firstLabel(config.fqdn);
    return { hostname, fqdn: config.fqdn, source: "config" };
  }
  if (config.hostname === undefined || config.hostname === "") return undefined;
  if (config.hostname.includes(".")) {
    return { hostname: firstLabel(config.hostname), fqdn: config.hostname, source: "config" };
  }
  return { hostname: config.hostname, source: "config" };
}

function namesFromMetadata(metadata: Record<string, unknown>): HostNames | undefined {
  const value = metadata["local-hostname"] ?? metadata["hostname"];
  if (typeof value !== "string" || value.trim() === "") return undefined;
  const name = value.trim();
  if (name.includes(".")) return { hostname: firstLabel(name), fqdn: name, source: "meta-data" };
  return { hostname: name, source: "meta-data" };
}

function firstLabel(name: string): string {
  return name.split(".")[0];
}
