/**
 * Normalization of bond and bridge parameters. The model keys bond
 * parameters by their netplan (v2) names, so v1 `bond-*` names are mapped
 * to those. Bridge parameters become typed fields.
 */

import type { BridgeParameters, ParameterValue } from "./model.ts";

/** Netplan bond parameter names, with the older spellings netplan also accepts. */
const BOND_V2_NAMES = new Map<string, string>([
  ["mode", "mode"],
  ["lacp-rate", "lacp-rate"],
  ["mii-monitor-interval", "mii-monitor-interval"],
  ["min-links", "min-links"],
  ["transmit-hash-policy", "transmit-hash-policy"],
  ["ad-select", "ad-select"],
  ["all-members-active", "all-slaves-active"],
  ["all-slaves-active", "all-slaves-active"],
  ["arp-interval", "arp-interval"],
  ["arp-ip-targets", "arp-ip-targets"],
  ["arp-validate", "arp-validate"],
  ["arp-all-targets", "arp-all-targets"],
  ["up-delay", "up-delay"],
  ["down-delay", "down-delay"],
  ["fail-over-mac-policy", "fail-over-mac-policy"],
  ["gratuitous-arp", "gratuitous-arp"],
  // Netplan kept this misspelling for compatibility, and cloud-init writes it.
  ["gratuitious-arp", "gratuitous-arp"],
  ["packets-per-member", "packets-per-slave"],
  ["packets-per-slave", "packets-per-slave"],
  ["primary-reselect-policy", "primary-reselect-policy"],
  ["resend-igmp", "resend-igmp"],
  ["learn-packet-interval", "learn-packet-interval"],
  ["primary", "primary"],
]);

/** v1 (ifupdown-style) bond parameter names, without the `bond-` prefix. */
const BOND_V1_NAMES = new Map<string, string>([
  ["mode", "mode"],
  ["lacp-rate", "lacp-rate"],
  ["miimon", "mii-monitor-interval"],
  ["min-links", "min-links"],
  ["xmit-hash-policy", "transmit-hash-policy"],
  ["ad-select", "ad-select"],
  ["all-slaves-active", "all-slaves-active"],
  ["arp-interval", "arp-interval"],
  ["arp-ip-target", "arp-ip-targets"],
  ["arp-validate", "arp-validate"],
  ["arp-all-targets", "arp-all-targets"],
  ["updelay", "up-delay"],
  ["downdelay", "down-delay"],
  ["fail-over-mac", "fail-over-mac-policy"],
  ["num-grat-arp", "gratuitous-arp"],
  ["packets-per-slave", "packets-per-slave"],
  ["primary-reselect", "primary-reselect-policy"],
  ["resend-igmp", "resend-igmp"],
  ["lp-interval", "learn-packet-interval"],
  ["primary", "primary"],
]);

/**
 * Maps bond parameters to netplan names. `version` selects the input naming.
 * v1 names may carry a `bond-` or `bond_` prefix and use `_` for `-`.
 * Unknown names are skipped and reported through `warn`.
 */
export function normalizeBondParameters(
  parameters: Record<string, unknown>,
  version: 1 | 2,
  warn: (message: string) => void,
): Record<string, ParameterValue> {
  const result: Record<string, ParameterValue> = {};
  for (const [key, value] of Object.entries(parameters)) {
    const spelled = key.toLowerCase().replaceAll("_", "-");
    const name = version === 1
      ? BOND_V1_NAMES.get(spelled.replace(/^bond-/, ""))
      : BOND_V2_NAMES.get(spelled);
    if (name === undefined || !isParameterValue(value)) {
      warn(`Ignoring bond parameter "${key}": it is unknown or its value is not a scalar or list.`);
      continue;
    }
    result[name] = value;
  }
  return result;
}

function isParameterValue(value: unknown): value is ParameterValue {
  if (Array.isArray(value)) return value.every((item) => typeof item === "string");
  return ["string", "number", "boolean"].includes(typeof value);
}

/** Normalizes v2 bridge `parameters`. Unknown names are reported through `warn`. */
export function normalizeBridgeParametersV2(
  parameters: Record<string, unknown>,
  warn: (message: string) => void,
): BridgeParameters {
  const result: BridgeParameters = { pathCost: {}, portPriority: {} };
  for (const [key, value] of Object.entries(parameters)) {
    switch (key) {
      case "ageing-time":
      case "aging-time":
        result.ageingTime = toNumber(value, key, warn);
        break;
      case "forward-delay":
        result.forwardDelay = toNumber(value, key, warn);
        break;
      case "hello-time":
        result.helloTime = toNumber(value, key, warn);
        break;
      case "max-age":
        result.maxAge = toNumber(value, key, warn);
        break;
      case "priority":
        result.priority = toNumber(value, key, warn);
        break;
      case "stp":
        result.stp = toBoolean(value);
        break;
      case "path-cost":
        result.pathCost = toNumberMap(value, key, warn);
        break;
      case "port-priority":
        result.portPriority = toNumberMap(value, key, warn);
        break;
      default:
        warn(`Ignoring bridge parameter "${key}": it is unknown.`);
    }
  }
  return result;
}

/**
 * Normalizes v1 bridge `params` (`bridge_stp`, `bridge_fd`, …). Port costs and
 * priorities are lists of `"member value"` strings. `bridge_gcint`,
 * `bridge_maxwait` and `bridge_waitport` configure ifupdown only and are skipped.
 */
export function normalizeBridgeParametersV1(
  parameters: Record<string, unknown>,
  warn: (message: string) => void,
): BridgeParameters {
  const v2: Record<string, unknown> = {};
  const names: Record<string, string> = {
    bridge_ageing: "ageing-time",
    bridge_bridgeprio: "priority",
    bridge_fd: "forward-delay",
    bridge_hello: "hello-time",
    bridge_maxage: "max-age",
    bridge_stp: "stp",
  };
  for (const [key, value] of Object.entries(parameters)) {
    if (["bridge_gcint", "bridge_maxwait", "bridge_waitport"].includes(key)) continue;
    if (key === "bridge_pathcost" || key === "bridge_portprio") {
      v2[key === "bridge_pathcost" ? "path-cost" : "port-priority"] = pairsToMap(value);
    } else if (names[key] !== undefined) {
      v2[names[key]] = value;
    } else {
      warn(`Ignoring bridge parameter "${key}": it is unknown.`);
    }
  }
  return normalizeBridgeParametersV2(v2, warn);
}

function pairsToMap(value: unknown): Record<string, unknown> {
  const entries = Array.isArray(value) ? value : [value];
  const map: Record<string, unknown> = {};
  for (const entry of entries) {
    const [member, number] = String(entry).trim().split(/\s+/);
    if (member !== undefined && number !== undefined) map[member] = number;
  }
  return map;
}

function toNumber(value: unknown, key: string, warn: (message: string) => void) {
  const number = Number(value);
  if (typeof value === "boolean" || value === "" || !Number.isFinite(number)) {
    warn(`Ignoring bridge parameter "${key}": ${JSON.stringify(value)} is not a number.`);
    return undefined;
  }
  return number;
}

function toBoolean(value: unknown): boolean {
  if (typeof value === "string") return ["on", "yes", "true", "1"].includes(value.toLowerCase());
  return value === true || value === 1;
}

function toNumberMap(value: unknown, key: string, warn: (message: string) => void) {
  const map: Record<string, number> = {};
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    warn(`Ignoring bridge parameter "${key}": expected a mapping of member to number.`);
    return map;
  }
  for (const [member, number] of Object.entries(value)) {
    const parsed = toNumber(number, `${key}.${member}`, warn);
    if (parsed !== undefined) map[member] = parsed;
  }
  return map;
}
