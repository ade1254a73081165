/**
 * The module that applies the datasource's network configuration in the
 * local stage, before the modules that need the network. Its input comes
 * from the seed (`network-config`), not from the cloud-config, so the agent
 * builds it per run around the parsed document.
 */

import { parseNetworkConfig } from "../../network/parse_network_config.ts";
import type { ModuleContext, ModuleOutcome, ProvisioningModule } from "../module.ts";

/** Name of the module in state, logs and events (`init-local/config-network_config`). */
export const NETWORK_CONFIG_MODULE = "network_config";

/**
 * Builds the module for `networkConfig` (cloud-init network-config v1 or v2,
 * bare or under `network:`). Without a document, or when the cloud-config
 * sets `network: {config: disabled}`, the module changes nothing.
 */
export function createNetworkConfigModule(networkConfig: unknown): ProvisioningModule {
  return {
    name: NETWORK_CONFIG_MODULE,
    stage: "local",
    frequency: "per-instance",
    activatedBy: [],
    handle: (context) => applyNetworkConfig(networkConfig, context),
  };
}

async function applyNetworkConfig(
  networkConfig: unknown,
  context: ModuleContext,
): Promise<ModuleOutcome> {
  if (networkConfig === undefined || networkConfig === null) {
    return { status: "unchanged", message: "the seed has no network-config" };
  }
  if (isDisabled(context.rawConfig.network)) {
    context.log.info("Network configuration is disabled by network.config in the cloud-config.");
    return { status: "unchanged", message: "disabled by the cloud-config" };
  }

  const model = parseNetworkConfig(networkConfig, { file: "network-config" });
  const needsReboot = await context.platform.network.apply(model);
  if (needsReboot) {
    // cloud-init applies renames and new links at the next boot as well;
    // the files are written, so nothing is lost by not rebooting now.
    context.log.info("The network configuration takes full effect at the next boot.");
  }
  return { status: "applied" };
}

function isDisabled(network: unknown): boolean {
  if (typeof network !== "object" || network === null) return false;
  return (network as Record<string, unknown>).config === "disabled";
}
