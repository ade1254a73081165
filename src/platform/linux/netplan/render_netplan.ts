/**
 * Renderer of the network model into netplan's v2 YAML, for images that
 * configure their network with netplan. The file is the one cloud-init
 * writes, `etc/netplan/50-cloud-init.yaml`, so netplan's own generator
 * produces the backend files and handles renames.
 */

import { stringify } from "yaml";
import type {
  Device,
  DhcpOverrides,
  Dns,
  NetworkModel,
  Route,
  Subnet,
} from "../../../network/model.ts";

/** Path of the netplan file, relative to the target root. */
export const NETPLAN_FILE = "etc/netplan/50-cloud-init.yaml";

type Mapping = Record<string, unknown>;

const SECTIONS: Record<Device["kind"], string> = {
  physical: "ethernets",
  bond: "bonds",
  bridge: "bridges",
  vlan: "vlans",
};

/**
 * Renders `model` as `network: {version: 2, ...}` with one entry per device
 * under `ethernets`, `bonds`, `bridges` or `vlans`, keyed by the device id.
 * DNS that the config does not tie to a device (v1 `nameserver` entries)
 * goes to every device with a static address, and routes not tied to a
 * device (v1 `route` entries) to the first such device.
 */
export function renderNetplan(model: NetworkModel): string {
  const network: Mapping = { version: 2 };
  const isStatic = (device: Device) =>
    device.subnets.some((subnet) => subnet.address !== undefined);
  const firstStatic = model.devices.find(isStatic);
  for (const device of model.devices) {
    const entry = renderDevice(device);
    if (device === firstStatic) addRoutes(entry, model.routes);
    if (isStatic(device)) addDns(entry, model.dns);
    const section = (network[SECTIONS[device.kind]] ??= {}) as Mapping;
    section[device.id] = entry;
  }
  // YAML 1.1 output quotes strings that 1.1 readers would take for numbers or
  // booleans, such as an all-digit MAC address read as a base-60 number.
  return stringify({ network }, { version: "1.1", lineWidth: 0 });
}

function renderDevice(device: Device): Mapping {
  const entry: Mapping = {};
  if (device.kind === "physical") {
    const match = compact({
      macaddress: device.match.macAddress,
      name: device.match.name,
      driver: device.match.driver,
    });
    if (Object.keys(match).length > 0) entry.match = match;
    if (device.setName !== undefined) entry["set-name"] = device.setName;
  }

  if (device.kind === "bond" || device.kind === "bridge") entry.interfaces = device.members;
  if (device.kind === "vlan") Object.assign(entry, { id: device.vlanId, link: device.link });
  if (device.macAddress !== undefined) entry.macaddress = device.macAddress;
  if (device.mtu !== undefined) entry.mtu = device.mtu;

  addSubnets(entry, device.subnets);
  addRoutes(entry, device.routes);
  if (device.dns !== undefined) addDns(entry, device.dns);
  if (device.acceptRa !== undefined) entry["accept-ra"] = device.acceptRa;
  if (device.optional !== undefined) entry.optional = device.optional;
  if (device.dhcp4Overrides) entry["dhcp4-overrides"] = overrides(device.dhcp4Overrides);
  if (device.dhcp6Overrides) entry["dhcp6-overrides"] = overrides(device.dhcp6Overrides);

  if (device.routingPolicy.length > 0) {
    entry["routing-policy"] = device.routingPolicy.map((rule) =>
      compact({
        from: rule.from,
        to: rule.to,
        table: rule.table,
        priority: rule.priority,
        mark: rule.mark,
        "type-of-service": rule.typeOfService,
      })
    );
  }

  if (device.kind === "bond" && Object.keys(device.parameters).length > 0) {
    entry.parameters = device.parameters;
  }
  if (device.kind === "bridge") {
    const bridge = device.parameters;
    const parameters = compact({
      "ageing-time": bridge.ageingTime,
      "forward-delay": bridge.forwardDelay,
      "hello-time": bridge.helloTime,
      "max-age": bridge.maxAge,
      priority: bridge.priority,
      stp: bridge.stp,
      "path-cost": Object.keys(bridge.pathCost).length > 0 ? bridge.pathCost : undefined,
      "port-priority": Object.keys(bridge.portPriority).length > 0
        ? bridge.portPriority
        : undefined,
    });
    if (Object.keys(parameters).length > 0) entry.parameters = parameters;
  }
  return entry;
}

function addSubnets(entry: Mapping, subnets: Subnet[]): void {
  for (const subnet of subnets) {
    if (subnet.type === "dhcp4") entry.dhcp4 = true;
    if (["dhcp6", "ipv6_dhcpv6-stateful", "ipv6_dhcpv6-stateless"].includes(subnet.type)) {
      entry.dhcp6 = true;
    }
    if (subnet.type === "ipv6_slaac") entry["accept-ra"] = true;
    if (subnet.address !== undefined) {
      entry.addresses = [...(entry.addresses as string[] | undefined) ?? [], subnet.address];
    }
    if (subnet.gateway !== undefined) {
      const destination = subnet.gateway.includes(":") ? "::/0" : "0.0.0.0/0";
      addRoutes(entry, [{ destination, gateway: subnet.gateway, metric: subnet.metric }]);
    }
    addRoutes(entry, subnet.routes);
    addDns(entry, subnet.dns);
  }
}

function addRoutes(entry: Mapping, routes: Route[]): void {
  if (routes.length === 0) return;
  const list = (entry.routes ??= []) as Mapping[];
  for (const route of routes) {
    list.push(compact({
      to: route.destination === "0.0.0.0/0" || route.destination === "::/0"
        ? "default"
        : route.destination,
      via: route.gateway,
      metric: route.metric,
      table: route.table,
      from: route.preferredSource,
      "on-link": route.onLink,
      scope: route.scope,
      type: route.type,
    }));
  }
}

function addDns(entry: Mapping, dns: Dns): void {
  if (dns.nameservers.length === 0 && dns.search.length === 0) return;
  const current = (entry.nameservers ?? {}) as { addresses?: string[]; search?: string[] };
  const merge = (list: string[] | undefined, added: string[]) => {
    const result = [...list ?? []];
    for (const value of added) if (!result.includes(value)) result.push(value);
    return result.length > 0 ? result : undefined;
  };
  entry.nameservers = compact({
    addresses: merge(current.addresses, dns.nameservers),
    search: merge(current.search, dns.search),
  });
}

function overrides(value: DhcpOverrides): Mapping {
  return compact({
    "use-dns": value.useDns,
    "use-domains": value.useDomains,
    "use-hostname": value.useHostname,
    "use-ntp": value.useNtp,
    "use-mtu": value.useMtu,
    "use-routes": value.useRoutes,
    "send-hostname": value.sendHostname,
    hostname: value.hostname,
    "route-metric": value.routeMetric,
  });
}

function compact(value: Mapping): Mapping {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined));
}
