/**
 * Parser for network-config version 1: cloud-init's `config` list of
 * physical, bond, bridge, vlan, nameserver and route entries.
 */

import type { z } from "zod";
import type {
  networkV1EntrySchema,
  networkV1Schema,
  routeV1Schema,
  subnetV1Schema,
} from "../cloudconfig/schema/network_v1.ts";
import { isIpv6, normalizeMac, routeDestination, toCidr } from "./_addresses.ts";
import { baseDevice, emptyDns, implicitPhysical, toStringList } from "./_build.ts";
import { normalizeBondParameters, normalizeBridgeParametersV1 } from "./_parameters.ts";
import type { Device, NetworkModel, Route, Subnet, SubnetType } from "./model.ts";

type V1Document = z.infer<typeof networkV1Schema>;
type V1Entry = z.infer<typeof networkV1EntrySchema>;
type V1Subnet = z.infer<typeof subnetV1Schema>;
type V1Route = z.infer<typeof routeV1Schema> & { prefix?: number | string };

/**
 * Builds the network model from a validated v1 document. A bond, bridge or
 * VLAN that names an undefined interface gets a plain NIC of that name, as
 * cloud-init does. A `nameserver` entry with `interface` applies to that
 * device only. Without it, the entry applies to every device that has no DNS
 * of its own.
 */
export function parseNetworkV1(document: V1Document): NetworkModel {
  const model: NetworkModel = {
    version: 1,
    devices: [],
    dns: emptyDns(),
    routes: [],
    warnings: [],
  };
  const warn = (message: string) => model.warnings.push(message);
  const deviceNamed = (name: string) => model.devices.find((device) => device.id === name);
  const ensureDevice = (name: string) => {
    if (deviceNamed(name) === undefined) model.devices.push(implicitPhysical(name));
  };

  const interfaceNameservers: V1Entry[] = [];
  for (const entry of document.config) {
    switch (entry.type) {
      case "physical":
        model.devices.push({
          ...deviceFields(entry, warn),
          kind: "physical",
          // cloud-init renames the NIC with this MAC address to `name`.
          match: { macAddress: normalizeMac(entry.mac_address) },
          setName: entry.mac_address ? entry.name : undefined,
        });
        break;
      case "bond":
        (entry.bond_interfaces ?? []).forEach(ensureDevice);
        model.devices.push({
          ...deviceFields(entry, warn),
          kind: "bond",
          macAddress: normalizeMac(entry.mac_address),
          members: entry.bond_interfaces ?? [],
          parameters: normalizeBondParameters(entry.params ?? {}, 1, warn),
        });
        break;
      case "bridge":
        entry.bridge_interfaces.forEach(ensureDevice);
        model.devices.push({
          ...deviceFields(entry, warn),
          kind: "bridge",
          macAddress: normalizeMac(entry.mac_address as string | undefined),
          members: entry.bridge_interfaces,
          parameters: normalizeBridgeParametersV1(entry.params, warn),
        });
        break;
      case "vlan":
        ensureDevice(entry.vlan_link);
        model.devices.push({
          ...deviceFields(entry, warn),
          kind: "vlan",
          macAddress: normalizeMac(entry.mac_address),
          vlanId: entry.vlan_id,
          link: entry.vlan_link,
        });
        break;
      case "nameserver":
        if (entry.interface !== undefined) {
          interfaceNameservers.push(entry);
        } else {
          model.dns.nameservers.push(...toStringList(entry.address));
          model.dns.search.push(...(entry.search ?? []));
        }
        break;
      case "route":
        model.routes.push(parseRoute(entry));
        break;
    }
  }

  for (const entry of interfaceNameservers) {
    if (entry.type !== "nameserver") continue;
    applyInterfaceNameserver(model.devices, entry, warn);
  }
  return model;
}

function applyInterfaceNameserver(
  devices: Device[],
  entry: Extract<V1Entry, { type: "nameserver" }>,
  warn: (message: string) => void,
): void {
  const device = devices.find((candidate) => candidate.id === entry.interface);
  if (device === undefined) {
    warn(
      `Ignoring nameserver entry for interface "${entry.interface}": no such interface is defined.`,
    );
    return;
  }
  device.dns ??= emptyDns();
  device.dns.nameservers.push(...toStringList(entry.address));
  device.dns.search.push(...(entry.search ?? []));
}

function deviceFields(
  entry: Extract<V1Entry, { type: "physical" | "bond" | "bridge" | "vlan" }>,
  warn: (message: string) => void,
) {
  const device = baseDevice(entry.type, entry.name, entry.name);
  const mtu = (entry as { mtu?: number | null }).mtu;
  if (mtu !== undefined && mtu !== null) device.mtu = mtu;
  if (entry["accept-ra"] !== undefined) device.acceptRa = entry["accept-ra"];
  device.subnets = (entry.subnets ?? []).map((subnet) => parseSubnet(subnet, entry.name, warn));
  return device;
}

function parseSubnet(
  subnet: V1Subnet,
  deviceName: string,
  warn: (message: string) => void,
): Subnet {
  const type = subnetType(subnet);
  const result: Subnet = {
    type,
    dns: {
      nameservers: subnet.dns_nameservers ?? [],
      search: subnet.dns_search ?? [],
    },
    routes: (subnet.routes ?? []).map(parseRoute),
  };
  if (subnet.address !== undefined) {
    const fallback = isIpv6(subnet.address) ? 64 : 24;
    const cidr = toCidr(subnet.address, subnet.netmask, fallback)!;
    if (!subnet.address.includes("/") && subnet.netmask === undefined) {
      warn(
        `Address "${subnet.address}" of ${deviceName} has no prefix or netmask; using /${fallback}.`,
      );
    }
    result.address = cidr;
  }
  if (subnet.gateway !== undefined) result.gateway = subnet.gateway;
  if (subnet.metric !== undefined) result.metric = subnet.metric;
  return result;
}

function subnetType(subnet: V1Subnet): SubnetType {
  if (subnet.type === undefined) return subnet.address === undefined ? "manual" : "static";
  if (subnet.type === "dhcp") return "dhcp4";
  return subnet.type;
}

function parseRoute(route: V1Route): Route {
  const target = route.network ?? route.destination;
  const mask = route.netmask ?? (route.prefix === undefined ? undefined : String(route.prefix));
  const result: Route = { destination: routeDestination(target, mask, route.gateway) };
  if (route.gateway !== undefined) result.gateway = route.gateway;
  if (route.metric !== undefined) result.metric = route.metric;
  return result;
}
