/** Settings every v2 device accepts: addressing, DHCP, gateways, routes and DNS. */

import type { z } from "zod";
import type { ethernetV2Schema } from "../cloudconfig/schema/network_v2.ts";
import { isIpv6, normalizeMac, routeDestination } from "./_addresses.ts";
import type { DeviceBase, DhcpOverrides, Route, RoutingRule, Subnet } from "./model.ts";

/** The v2 keys shared by ethernets, bonds, bridges and VLANs. */
export type V2DeviceConfig = z.infer<typeof ethernetV2Schema>;

type V2Route = NonNullable<V2DeviceConfig["routes"]>[number];
type V2Rule = NonNullable<V2DeviceConfig["routing-policy"]>[number];
type V2Overrides = NonNullable<V2DeviceConfig["dhcp4-overrides"]>;

/**
 * Copies the shared v2 settings onto `device` and returns it. Like cloud-init,
 * each address becomes a static subnet, and `gateway4`/`gateway6` attach to
 * the first address of their family. A gateway without such an address is
 * reported through `warn` and dropped.
 */
export function applyCommonV2<D extends DeviceBase>(
  device: D,
  config: V2DeviceConfig,
  warn: (message: string) => void,
): D {
  if (config.mtu !== undefined) device.mtu = config.mtu;
  if (config.macaddress !== undefined) device.macAddress = normalizeMac(config.macaddress);
  if (config.optional !== undefined) device.optional = config.optional;
  const acceptRa = (config as { "accept-ra"?: unknown })["accept-ra"];
  if (typeof acceptRa === "boolean") device.acceptRa = acceptRa;

  device.subnets = subnetsOf(device.id, config, warn);
  device.routes = (config.routes ?? []).map(toRoute);
  device.routingPolicy = (config["routing-policy"] ?? []).map(toRule);
  const nameservers = config.nameservers;
  if (nameservers !== undefined) {
    device.dns = { nameservers: nameservers.addresses ?? [], search: nameservers.search ?? [] };
  }
  if (config["dhcp4-overrides"] !== undefined) {
    device.dhcp4Overrides = toOverrides(config["dhcp4-overrides"]);
  }
  if (config["dhcp6-overrides"] !== undefined) {
    device.dhcp6Overrides = toOverrides(config["dhcp6-overrides"]);
  }
  return device;
}

function enabled(flag: boolean | "yes" | "no" | undefined): boolean {
  return flag === true || flag === "yes";
}

function subnetsOf(id: string, config: V2DeviceConfig, warn: (message: string) => void): Subnet[] {
  const subnets: Subnet[] = [];
  const blank = () => ({ dns: { nameservers: [], search: [] }, routes: [] });
  if (enabled(config.dhcp4)) subnets.push({ type: "dhcp4", ...blank() });
  if (enabled(config.dhcp6)) subnets.push({ type: "dhcp6", ...blank() });

  let gateway4 = config.gateway4;
  let gateway6 = config.gateway6;
  for (const address of config.addresses ?? []) {
    const v6 = isIpv6(address);
    const subnet: Subnet = { type: v6 ? "static6" : "static", address, ...blank() };
    if (v6 && gateway6 !== undefined) {
      subnet.gateway = gateway6;
      gateway6 = undefined;
    } else if (!v6 && gateway4 !== undefined) {
      subnet.gateway = gateway4;
      gateway4 = undefined;
    }
    subnets.push(subnet);
  }
  for (const gateway of [gateway4, gateway6]) {
    if (gateway === undefined) continue;
    warn(
      `Ignoring gateway "${gateway}" of "${id}": it has no static address of that family; ` +
        "add the address, or write the gateway as a route with `to: default`.",
    );
  }
  return subnets;
}

function toRoute(route: V2Route): Route {
  const result: Route = { destination: routeDestination(route.to, undefined, route.via) };
  if (route.via !== undefined) result.gateway = route.via;
  if (route.metric !== undefined) result.metric = route.metric;
  if (route.table !== undefined) result.table = route.table;
  if (route.from !== undefined) result.preferredSource = route.from;
  if (route["on-link"] !== undefined) result.onLink = route["on-link"];
  if (route.scope !== undefined) result.scope = route.scope;
  if (route.type !== undefined) result.type = route.type;
  return result;
}

function toRule(rule: V2Rule): RoutingRule {
  const result: RoutingRule = {};
  if (rule.from !== undefined) result.from = rule.from;
  if (rule.to !== undefined) result.to = rule.to;
  if (rule.table !== undefined) result.table = rule.table;
  if (rule.priority !== undefined) result.priority = rule.priority;
  if (rule.mark !== undefined) result.mark = rule.mark;
  if (rule["type-of-service"] !== undefined) result.typeOfService = rule["type-of-service"];
  return result;
}

function toOverrides(overrides: V2Overrides): DhcpOverrides {
  const result: DhcpOverrides = {};
  if (overrides["use-dns"] !== undefined) result.useDns = overrides["use-dns"];
  if (overrides["use-domains"] !== undefined) result.useDomains = overrides["use-domains"];
  if (overrides["use-hostname"] !== undefined) result.useHostname = overrides["use-hostname"];
  if (overrides["use-ntp"] !== undefined) result.useNtp = overrides["use-ntp"];
  if (overrides["use-mtu"] !== undefined) result.useMtu = overrides["use-mtu"];
  if (overrides["use-routes"] !== undefined) result.useRoutes = overrides["use-routes"];
  if (overrides["send-hostname"] !== undefined) result.sendHostname = overrides["send-hostname"];
  if (overrides.hostname !== undefined) result.hostname = overrides.hostname;
  if (overrides["route-metric"] !== undefined) result.routeMetric = overrides["route-metric"];
  return result;
}
