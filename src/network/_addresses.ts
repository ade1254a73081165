/** Address helpers shared by the v1 and v2 parsers. */

import { InputError } from "../errors.ts";

/** True for an IPv6 address or CIDR, because only IPv6 text contains a colon. */
export function isIpv6(address: string): boolean {
  return address.includes(":");
}

/**
 * Converts a netmask to a prefix length. Accepts dotted IPv4 masks, IPv6 masks
 * and a plain prefix length (`24`, `/64`), which some datasources write there.
 * Throws InputError for a mask whose one bits are not contiguous.
 */
export function netmaskToPrefix(netmask: string): number {
  const text = netmask.trim().replace(/^\//, "");
  if (/^\d{1,3}$/.test(text)) return Number(text);
  const bits = isIpv6(text) ? ipv6Bits(text) : ipv4Bits(text);
  if (bits === undefined || !/^1*0*$/.test(bits)) {
    throw new InputError(
      `Invalid netmask "${netmask}": expected contiguous one bits such as 255.255.255.0.`,
    );
  }
  return bits.indexOf("0") === -1 ? bits.length : bits.indexOf("0");
}

function ipv4Bits(text: string): string | undefined {
  const parts = text.split(".");
  if (parts.length !== 4 || parts.some((part) => !/^\d{1,3}$/.test(part) || Number(part) > 255)) {
    return undefined;
  }
  return parts.map((part) => Number(part).toString(2).padStart(8, "0")).join("");
}

function ipv6Bits(text: string): string | undefined {
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const head = halves[0] === "" ? [] : halves[0].split(":");
  const tail = halves.length === 2 && halves[1] !== "" ? halves[1].split(":") : [];
  const missing = 8 - head.length - tail.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return undefined;
  const groups = [...head, ...Array(missing).fill("0"), ...tail];
  if (groups.some((group) => !/^[0-9a-fA-F]{1,4}$/.test(group))) return undefined;
  return groups.map((group) => parseInt(group, 16).toString(2).padStart(16, "0")).join("");
}

/**
 * Returns `address/prefix`, taking the prefix from the address itself, then
 * from `netmask`, then from `fallbackPrefix`. Returns undefined when none of
 * them gives one.
 */
export function toCidr(
  address: string,
  netmask: string | number | undefined,
  fallbackPrefix?: number,
): string | undefined {
  if (address.includes("/")) return address;
  if (netmask !== undefined && netmask !== "") {
    return `${address}/${netmaskToPrefix(String(netmask))}`;
  }
  return fallbackPrefix === undefined ? undefined : `${address}/${fallbackPrefix}`;
}

/**
 * Normalizes a route destination to CIDR. `default` (and a missing one)
 * becomes `0.0.0.0/0`, or `::/0` when the gateway is IPv6. A bare address
 * without netmask is a host route.
 */
export function routeDestination(
  destination: string | undefined,
  netmask: string | undefined,
  gateway: string | undefined,
): string {
  if (destination === undefined || destination === "default") {
    return gateway !== undefined && isIpv6(gateway) ? "::/0" : "0.0.0.0/0";
  }
  return toCidr(destination, netmask, isIpv6(destination) ? 128 : 32)!;
}

/** Lower-cases a MAC address so matching and rendering ignore case. */
export function normalizeMac(mac: string | undefined | null): string | undefined {
  return mac === undefined || mac === null || mac === "" ? undefined : mac.toLowerCase();
}
