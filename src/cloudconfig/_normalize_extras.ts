/**
 * Normalises the smaller keys: `keyboard`, `ntp`, `growpart` and `egs`.
 */

import type { TypedCloudConfig } from "./schema/typed_cloud_config.ts";
import { isMapping } from "./schema/_walk.ts";

type Mapping = Record<string, unknown>;

const strings = (value: unknown): string[] => Array.isArray(value) ? value as string[] : [];

/** Returns the typed `keyboard`, `ntp`, `growpart` and `egs`, with cloud-init's defaults filled in. */
export function normalizeExtras(
  config: Mapping,
): Pick<TypedCloudConfig, "keyboard" | "ntp" | "growpart" | "egs"> {
  return {
    keyboard: normalizeKeyboard(config.keyboard),
    ntp: normalizeNtp(config),
    growpart: normalizeGrowpart(config.growpart),
    egs: normalizeEgs(config.egs),
  };
}

function normalizeKeyboard(value: unknown): TypedCloudConfig["keyboard"] {
  if (!isMapping(value)) return undefined;
  return {
    layout: value.layout as string,
    model: (value.model as string | undefined) ?? "pc105",
    variant: value.variant as string | undefined,
    options: value.options as string | undefined,
  };
}

/** `ntp: null` (or an empty mapping) means "configure NTP with the defaults", as in cloud-init. */
function normalizeNtp(config: Mapping): TypedCloudConfig["ntp"] {
  if (!("ntp" in config)) return undefined;
  const value: Mapping = isMapping(config.ntp) ? config.ntp : {};
  return {
    enabled: value.enabled !== false,
    servers: strings(value.servers),
    pools: strings(value.pools),
    peers: strings(value.peers),
    allow: strings(value.allow),
    client: (value.ntp_client as string | undefined) ?? "auto",
  };
}

function normalizeGrowpart(value: unknown): TypedCloudConfig["growpart"] {
  if (!isMapping(value)) return undefined;
  const mode = value.mode === false ? "off" : (value.mode as string | undefined) ?? "auto";
  return {
    mode: mode as NonNullable<TypedCloudConfig["growpart"]>["mode"],
    devices: value.devices === undefined ? ["/"] : strings(value.devices),
  };
}

function normalizeEgs(value: unknown): TypedCloudConfig["egs"] {
  if (!isMapping(value)) return undefined;
  const settings: Mapping = isMapping(value.settings) ? value.settings : {};
  const flag = (key: string) =>
    typeof settings[key] === "boolean" ? settings[key] as boolean : undefined;
  return {
    settings: {
      remoteAccess: flag("remote_access"),
      provisioning: flag("provisioning"),
      kvpAuth: flag("kvp_auth"),
      portForwarding: flag("port_forwarding"),
    },
    update: typeof value.update === "boolean" ? value.update : undefined,
  };
}
