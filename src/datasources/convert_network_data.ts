/**
 * Converts OpenStack `network_data.json` (links, networks, services) into
 * cloud-init network configuration version 1, following the rules of
 * cloud-init's `convert_net_json` (cloudinit/sources/helpers/openstack.py):
 * links become physical, bond or vlan entries, networks become their subnets,
 * and services become nameserver entries.
 */

import { getLogger } from "../log/logging.ts";

type Json = Record<string, unknown>;

/** Interface names by lower-case MAC address, used for links without a name. */
export type KnownMacs = Map<string, string>;

const PHYSICAL_KEYS = ["name", "type", "mac_address", "subnets", "params", "mtu"];
const SUBNET_KEYS = [
  "type",
  "address",
  "netmask",
  "broadcast",
  "metric",
  "gateway",
  "pointopoint",
  "scope",
  "dns_nameservers",
  "dns_search",
];
const ROUTE_KEYS = ["network", "destination", "netmask", "gateway", "metric"];
const KNOWN_PHYSICAL_TYPES = [
  undefined,
  "bridge",
  "ethernet",
  "hw_veb",
  "hyperv",
  "ovs",
  "phy",
  "tap",
  "vhostuser",
  "vif",
];

const log = getLogger("datasources", "configdrive");

/**
 * Returns `{ version: 1, config }` for `networkData`. A physical link without
 * a name is named from `knownMacs`. When its MAC is unknown, the link id
 * becomes the name and a warning is logged, where cloud-init would fail.
 */
export function convertNetworkData(networkData: Json, knownMacs: KnownMacs = new Map()): Json {
  const links = asList(networkData.links);
  const networks = asList(networkData.networks);
  const services = asList(networkData.services);
  const config: Json[] = [];
  const linkNames = new Map<string, { name?: string; mac?: string }>();
  const pending: (() => void)[] = [];
  let bondNumber = 0;

  for (const link of links) {
    const entry = pick(link, PHYSICAL_KEYS);
    const mac = typeof link.ethernet_mac_address === "string"
      ? link.ethernet_mac_address.toLowerCase()
      : undefined;
    const info: { name?: string; mac?: string } = { name: link.name as string | undefined, mac };

    entry.subnets = networks.filter((network) => network.link === link.id)
      .map((network) => convertNetwork(network, entry));

    if (link.type === "bond") {
      if (mac !== undefined) entry.mac_address = mac;
      const params: Json = {};
      for (const [key, value] of Object.entries(link)) {
        if (key !== "bond_links" && key.startsWith("bond")) {
          params[`bond-${key.split("bond_").at(-1)}`] = value;
        }
      }
      const name = `bond${bondNumber++}`;
      Object.assign(entry, { params, name });
      info.name = name;
      const members = asStrings(link.bond_links);
      pending.push(() => entry.bond_interfaces = members.map((id) => nameOf(linkNames, id)));
    } else if (link.type === "vlan") {
      const parent = String(link.vlan_link);
      Object.assign(entry, { name: `${parent}.${link.vlan_id}`, vlan_id: link.vlan_id });
      if (link.vlan_mac_address !== undefined) entry.mac_address = link.vlan_mac_address;
      info.mac = link.vlan_mac_address as string | undefined;
      info.name = entry.name as string;
      pending.push(() => {
        entry.vlan_link = nameOf(linkNames, parent);
        entry.name = `${entry.vlan_link}.${link.vlan_id}`;
      });
    } else {
      if (!KNOWN_PHYSICAL_TYPES.includes(link.type as string | undefined)) {
        log.warning("Unknown network_data link type {type}; treating it as physical.", {
          type: link.type,
        });
      }
      entry.type = "physical";
      if (mac !== undefined) entry.mac_address = mac;
    }
    config.push(entry);
    linkNames.set(String(link.id), info);
  }

  nameLinks(config, links, linkNames, knownMacs);
  pending.forEach((apply) => apply());

  for (const service of services) config.push({ ...service, type: "nameserver" });
  return { version: 1, config };
}

function convertNetwork(network: Json, link: Json): Json {
  const subnet = pick(network, SUBNET_KEYS);
  const routes = asList(network.routes).map((route) => pick(route, ROUTE_KEYS));
  if (routes.length > 0) subnet.routes = routes;

  const type = network.type;
  if (type === "ipv4_dhcp") subnet.type = "dhcp4";
  else if (type === "ipv6_dhcp") subnet.type = "dhcp6";
  else if (
    type === "ipv6_slaac" || type === "ipv6_dhcpv6-stateless" || type === "ipv6_dhcpv6-stateful"
  ) {
    subnet.type = type;
  } else if (type === "ipv4" || type === "static") {
    Object.assign(subnet, { type: "static", address: network.ip_address });
  } else if (type === "ipv6" || type === "static6") {
    link["accept-ra"] = false;
    Object.assign(subnet, { type: "static6", address: network.ip_address });
  }

  // Nameservers of the network's routes come first, then the network's own.
  const nameservers: unknown[] = [];
  for (const route of asList(network.routes)) {
    for (const service of asList(route.services)) {
      if (service.type === "dns") nameservers.push(service.address);
    }
  }
  for (const service of asList(network.services)) {
    if (service.type === "dns" && !nameservers.includes(service.address)) {
      nameservers.push(service.address);
    }
  }
  if (nameservers.length > 0) subnet.dns_nameservers = nameservers;

  if (type === "ipv6_dhcpv6-stateful" || type === "ipv6_dhcp") link["accept-ra"] = true;
  if (type === "ipv4") subnet.ipv4 = true;
  if (type === "ipv6") subnet.ipv6 = true;
  return subnet;
}

function nameLinks(
  config: Json[],
  links: Json[],
  linkNames: Map<string, { name?: string; mac?: string }>,
  knownMacs: KnownMacs,
): void {
  links.forEach((link, index) => {
    const info = linkNames.get(String(link.id))!;
    if (info.name === undefined && info.mac !== undefined) info.name = knownMacs.get(info.mac);
    const entry = config[index];
    if (entry.type !== "physical" || entry.name !== undefined) return;
    if (info.name === undefined) {
      log.warning(
        "No interface has MAC {mac} of network_data link {id}; naming it {id}.",
        { mac: info.mac, id: link.id },
      );
      info.name = String(link.id);
    }
    entry.name = info.name;
  });
}

function nameOf(linkNames: Map<string, { name?: string }>, id: string): string {
  return linkNames.get(id)?.name ?? id;
}

function pick(source: Json, keys: string[]): Json {
  const output: Json = {};
  for (const key of keys) if (key in source) output[key] = source[key];
  return output;
}

function asList(value: unknown): Json[] {
  return Array.isArray(value)
    ? value.filter((item): item is Json => typeof item === "object" && item !== null)
    : [];
}

function asStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}
