/** The `.network` file of one device. */

import type { Device, DhcpOverrides, NetworkModel, Route } from "../../../network/model.ts";
import type { MemberLinks } from "./_member_links.ts";
import { UnitFile } from "./_unit_file.ts";

/** DHCP modes in networkd's `DHCP=` spelling. */
type DhcpMode = "no" | "ipv4" | "ipv6" | "yes";

/** Renders the `.network` content of `device`; `links` contains what other devices require of it. */
export function renderNetworkFile(device: Device, model: NetworkModel, links: MemberLinks): string {
  const file = new UnitFile();
  addMatch(file, device);
  addLink(file, device);
  const dhcp = addAddressing(file, device, model);
  addDns(file, device, model);
  addMemberLinks(file, links);
  addDhcpOverrides(file, "4", dhcp, device.dhcp4Overrides);
  addDhcpOverrides(file, "6", dhcp, device.dhcp6Overrides);
  return file.toString();
}

function addMatch(file: UnitFile, device: Device): void {
  if (device.kind !== "physical") {
    file.set("Match", "Name", device.id);
    return;
  }
  // Without a name (match by MAC or driver, no set-name), no Name= line is
  // written, so the NIC keeps its name and the v2 key never becomes one.
  const name = device.name ?? device.match.name;
  if (name !== undefined) file.set("Match", "Name", name);
  if (device.match.macAddress !== undefined) {
    file.set("Match", "MACAddress", device.match.macAddress);
  }
  if (device.match.driver !== undefined) file.set("Match", "Driver", device.match.driver);
}

function addLink(file: UnitFile, device: Device): void {
  if (device.macAddress !== undefined) file.set("Link", "MACAddress", device.macAddress);
  if (device.mtu !== undefined) file.set("Link", "MTUBytes", device.mtu);
  if (device.optional === true) file.set("Link", "RequiredForOnline", "no");
}

// Route sections get cloud-init's ids (r = route, a = subnet gateway,
// c = global route, numbered by one counter) and are ordered by those ids as
// strings, so the files come out in cloud-init's order.
function addAddressing(file: UnitFile, device: Device, model: NetworkModel): DhcpMode {
  let dhcp4 = false;
  let dhcp6 = false;
  let acceptRa = device.acceptRa;
  let routeId = 0;
  for (const route of device.routes) addRoute(file, `r${routeId++}`, route);

  for (const subnet of device.subnets) {
    if (subnet.type === "dhcp4") dhcp4 = true;
    if (subnet.type === "dhcp6" || subnet.type === "ipv6_dhcpv6-stateful") dhcp6 = true;
    // networkd runs SLAAC from router advertisements, and DHCPv6 when an advertisement requests it.
    if (subnet.type === "ipv6_slaac" || subnet.type === "ipv6_dhcpv6-stateless") acceptRa ??= true;
    if (subnet.type === "dhcp4" && subnet.metric !== undefined) {
      file.set("DHCPv4", "RouteMetric", subnet.metric);
    }

    for (const route of subnet.routes) addRoute(file, `r${routeId++}`, route);
    if (subnet.address === undefined) continue;
    file.set("Address", "Address", subnet.address);
    if (subnet.gateway !== undefined) {
      const id = `a${routeId++}`;
      file.setIn("Route", id, "Gateway", subnet.gateway);
      if (subnet.metric !== undefined) file.setIn("Route", id, "Metric", subnet.metric);
    }
    if (subnet.dns.nameservers.length > 0) {
      file.set("Network", "DNS", subnet.dns.nameservers.join(" "));
    }
    if (subnet.dns.search.length > 0) file.set("Network", "Domains", subnet.dns.search.join(" "));
  }

  model.routes.forEach((route, index) => addRoute(file, `c${index}`, route));
  device.routingPolicy.forEach((rule, index) => {
    const id = String(index).padStart(6, "0");
    if (rule.from !== undefined) file.setIn("RoutingPolicyRule", id, "From", rule.from);
    if (rule.to !== undefined) file.setIn("RoutingPolicyRule", id, "To", rule.to);
    if (rule.table !== undefined) file.setIn("RoutingPolicyRule", id, "Table", rule.table);
    if (rule.priority !== undefined) file.setIn("RoutingPolicyRule", id, "Priority", rule.priority);
    if (rule.mark !== undefined) file.setIn("RoutingPolicyRule", id, "FirewallMark", rule.mark);
    if (rule.typeOfService !== undefined) {
      file.setIn("RoutingPolicyRule", id, "TypeOfService", rule.typeOfService);
    }
  });

  let dhcp: DhcpMode = "no";
  if (dhcp4 && dhcp6) dhcp = "yes";
  else if (dhcp4) dhcp = "ipv4";
  else if (dhcp6) dhcp = "ipv6";
  file.set("Network", "DHCP", dhcp);
  if (acceptRa !== undefined) file.set("Network", "IPv6AcceptRA", acceptRa ? "yes" : "no");
  return dhcp;
}

function addRoute(file: UnitFile, id: string, route: Route): void {
  file.setIn("Route", id, "Destination", route.destination);
  if (route.gateway !== undefined) file.setIn("Route", id, "Gateway", route.gateway);
  if (route.metric !== undefined) file.setIn("Route", id, "Metric", route.metric);
  if (route.table !== undefined) file.setIn("Route", id, "Table", route.table);
  if (route.preferredSource !== undefined) {
    file.setIn("Route", id, "PreferredSource", route.preferredSource);
  }
  if (route.onLink !== undefined) {
    file.setIn("Route", id, "GatewayOnLink", route.onLink ? "yes" : "no");
  }
  if (route.scope !== undefined) file.setIn("Route", id, "Scope", route.scope);
  if (route.type !== undefined) file.setIn("Route", id, "Type", route.type);
}

// A device's own DNS wins. As in cloud-init, v1 devices without any take the
// global entries, while v2 has no global DNS.
function addDns(file: UnitFile, device: Device, model: NetworkModel): void {
  const own = device.dns;
  const hasOwn = own !== undefined && (own.nameservers.length > 0 || own.search.length > 0);
  let dns = own;
  if (!hasOwn) {
    if (model.version !== 1) return;
    dns = model.dns;
  }
  if (dns === undefined) return;
  if (dns.search.length > 0) file.set("Network", "Domains", dns.search.join(" "));
  if (dns.nameservers.length > 0) file.set("Network", "DNS", dns.nameservers.join(" "));
}

function addMemberLinks(file: UnitFile, links: MemberLinks): void {
  if (links.bond !== undefined) file.set("Network", "Bond", links.bond);
  if (links.primary) file.set("Network", "PrimarySlave", "true");
  if (links.bridge !== undefined) file.set("Network", "Bridge", links.bridge);
  if (links.bridgeCost !== undefined) file.set("Bridge", "Cost", links.bridgeCost);
  if (links.bridgePriority !== undefined) file.set("Bridge", "Priority", links.bridgePriority);
  for (const vlan of links.vlans) file.set("Network", "VLAN", vlan);
}

function addDhcpOverrides(
  file: UnitFile,
  version: "4" | "6",
  dhcp: DhcpMode,
  overrides: DhcpOverrides | undefined,
): void {
  if (overrides === undefined || (dhcp !== "yes" && dhcp !== `ipv${version}`)) return;
  const section = `DHCPv${version}`;
  const flag = (value: boolean) => (value ? "yes" : "no");
  if (overrides.useDns !== undefined) file.set(section, "UseDNS", flag(overrides.useDns));
  if (overrides.useDomains !== undefined) {
    const value = overrides.useDomains;
    file.set(section, "UseDomains", typeof value === "boolean" ? flag(value) : value);
  }
  if (overrides.useHostname !== undefined) {
    file.set(section, "UseHostname", flag(overrides.useHostname));
  }
  if (overrides.useNtp !== undefined) file.set(section, "UseNTP", flag(overrides.useNtp));
  // networkd accepts the remaining overrides only in [DHCPv4].
  if (version === "6") return;
  if (overrides.useMtu !== undefined) file.set(section, "UseMTU", flag(overrides.useMtu));
  if (overrides.useRoutes !== undefined) file.set(section, "UseRoutes", flag(overrides.useRoutes));
  if (overrides.sendHostname !== undefined) {
    file.set(section, "SendHostname", flag(overrides.sendHostname));
  }
  if (overrides.hostname !== undefined) file.set(section, "Hostname", overrides.hostname);
  if (overrides.routeMetric !== undefined) file.set(section, "RouteMetric", overrides.routeMetric);
}
