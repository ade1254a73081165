import {
  assert,
  assertEquals,
  assertStringIncludes,
  assertThrows,
} from "../../../_support/assert.ts";
import { parseNetworkConfigText } from "../../../../src/network/parse_network_config.ts";
import { renderNetworkd } from "../../../../src/platform/linux/networkd/render_networkd.ts";

const DIR = "etc/systemd/network";

function render(yaml: string): Map<string, string> {
  return renderNetworkd(parseNetworkConfigText(yaml));
}

function file(files: Map<string, string>, name: string): string {
  const content = files.get(`${DIR}/${name}`);
  assert(content !== undefined, `${name} not rendered; got ${[...files.keys()].join(", ")}`);
  return content;
}

Deno.test("renderNetworkd() writes DHCP modes", () => {
  const cases: [string, string][] = [
    ["{}", "DHCP=no"],
    ["{dhcp4: true}", "DHCP=ipv4"],
    ["{dhcp6: true}", "DHCP=ipv6"],
    ["{dhcp4: true, dhcp6: yes}", "DHCP=yes"],
    ["{dhcp4: false, dhcp6: false}", "DHCP=no"],
  ];
  for (const [config, line] of cases) {
    const content = file(
      render(`version: 2\nethernets:\n  eth0: ${config}\n`),
      "10-cloud-init-eth0.network",
    );
    assertStringIncludes(content, `[Network]\n${line}\n`, config);
  }
});

Deno.test("renderNetworkd() maps v1 IPv6 subnet types", () => {
  const cases: [string, string[]][] = [
    ["dhcp6", ["DHCP=ipv6"]],
    ["ipv6_dhcpv6-stateful", ["DHCP=ipv6"]],
    ["ipv6_dhcpv6-stateless", ["DHCP=no", "IPv6AcceptRA=yes"]],
    ["ipv6_slaac", ["DHCP=no", "IPv6AcceptRA=yes"]],
  ];
  for (const [type, lines] of cases) {
    const content = file(
      render(`version: 1\nconfig:\n  - {type: physical, name: eth0, subnets: [{type: ${type}}]}\n`),
      "10-cloud-init-eth0.network",
    );
    assertStringIncludes(content, `[Network]\n${lines.join("\n")}\n`, type);
  }
});

Deno.test("renderNetworkd() writes IPv6 default routes to ::/0", () => {
  const content = file(
    render(`version: 2
ethernets:
  eth0:
    addresses: ["2001:db8::10/64"]
    routes: [{to: default, via: "2001:db8::1", metric: 100}]
`),
    "10-cloud-init-eth0.network",
  );
  assertStringIncludes(content, "[Route]\nDestination=::/0\nGateway=2001:db8::1\nMetric=100\n");
  assertStringIncludes(content, "[Address]\nAddress=2001:db8::10/64\n");
});

Deno.test("renderNetworkd() orders sections and keys", () => {
  const content = file(
    render(`version: 2
ethernets:
  eth0:
    match: {macaddress: "00:11:22:33:44:55"}
    set-name: eth0
    mtu: 1500
    addresses: [192.0.2.11/24, 192.0.2.10/24]
    nameservers: {addresses: [9.9.9.9], search: [example.org]}
    routes: [{to: 198.51.100.0/24, via: 192.0.2.1}]
    routing-policy: [{from: 192.0.2.10, table: 10, priority: 5}]
`),
    "10-cloud-init-eth0.network",
  );
  assertEquals(
    content,
    [
      "[Address]\nAddress=192.0.2.10/24\n",
      "[Address]\nAddress=192.0.2.11/24\n",
      "[Link]\nMTUBytes=1500\n",
      "[Match]\nMACAddress=00:11:22:33:44:55\nName=eth0\n",
      "[Network]\nDHCP=no\nDNS=9.9.9.9\nDomains=example.org\n",
      "[Route]\nDestination=198.51.100.0/24\nGateway=192.0.2.1\n",
      "[RoutingPolicyRule]\nFrom=192.0.2.10\nPriority=5\nTable=10\n",
    ].join("\n"),
  );
});

Deno.test("renderNetworkd() writes bond netdev and back-references", () => {
  const files = render(`version: 2
ethernets:
  eth0: {}
  eth1: {}
bonds:
  bond0:
    interfaces: [eth0, eth1]
    parameters:
      mode: active-backup
      mii-monitor-interval: 100
      up-delay: 200
      primary: eth1
      arp-ip-targets: [192.0.2.1, 192.0.2.2]
      all-slaves-active: false
`);
  assertEquals(
    file(files, "10-cloud-init-bond0.netdev"),
    "[Bond]\nARPIPTargets=192.0.2.1 192.0.2.2\nMIIMonitorSec=100ms\nMode=active-backup\n" +
      "UpDelaySec=200ms\n\n[NetDev]\nKind=bond\nName=bond0\n",
  );
  assertStringIncludes(
    file(files, "10-cloud-init-eth0.network"),
    "[Network]\nBond=bond0\nDHCP=no\n",
  );
  assertStringIncludes(
    file(files, "10-cloud-init-eth1.network"),
    "[Network]\nBond=bond0\nDHCP=no\nPrimarySlave=true\n",
  );
});

Deno.test("renderNetworkd() writes bridge netdev and port settings", () => {
  const files = render(`version: 2
ethernets:
  eth3: {}
bridges:
  br0:
    interfaces: [eth3]
    macaddress: "00:11:22:33:44:AA"
    mtu: 9000
    parameters: {stp: true, forward-delay: 4, priority: 2048, path-cost: {eth3: 30}, port-priority: {eth3: 32}}
`);
  assertEquals(
    file(files, "10-cloud-init-br0.netdev"),
    "[Bridge]\nForwardDelaySec=4\nPriority=2048\nSTP=yes\n\n" +
      "[NetDev]\nKind=bridge\nMACAddress=00:11:22:33:44:aa\nMTUBytes=9000\nName=br0\n",
  );
  assertStringIncludes(
    file(files, "10-cloud-init-br0.network"),
    "[Link]\nMACAddress=00:11:22:33:44:aa\nMTUBytes=9000\n",
  );
  assertEquals(
    file(files, "10-cloud-init-eth3.network"),
    "[Bridge]\nCost=30\nPriority=32\n\n[Match]\nName=eth3\n\n[Network]\nBridge=br0\nDHCP=no\n",
  );
});

Deno.test("renderNetworkd() leaves out false and zero bridge parameters", () => {
  const files = render(`version: 2
ethernets:
  eth0: {}
bridges:
  br0: {interfaces: [eth0], parameters: {stp: false, forward-delay: 0, hello-time: 2}}
`);
  assertEquals(
    file(files, "10-cloud-init-br0.netdev"),
    "[Bridge]\nHelloTimeSec=2\n\n[NetDev]\nKind=bridge\nName=br0\n",
  );
});

Deno.test("renderNetworkd() writes VLAN netdev and the link's VLAN lines", () => {
  const files = render(`version: 2
ethernets:
  eth0: {}
vlans:
  vlan20: {id: 20, link: eth0}
  vlan10: {id: 10, link: eth0, mtu: 1400}
`);
  assertEquals(
    file(files, "10-cloud-init-vlan10.netdev"),
    "[NetDev]\nKind=vlan\nMTUBytes=1400\nName=vlan10\n\n[VLAN]\nId=10\n",
  );
  assertStringIncludes(
    file(files, "10-cloud-init-eth0.network"),
    "DHCP=no\nVLAN=vlan10\nVLAN=vlan20\n",
  );
});

Deno.test("renderNetworkd() matches by name glob and driver", () => {
  const files = render(`version: 2
ethernets:
  nics:
    match: {name: "en*", driver: virtio_net}
    dhcp4: true
`);
  assertStringIncludes(
    file(files, "10-cloud-init-nics.network"),
    "[Match]\nDriver=virtio_net\nName=en*\n",
  );
});

Deno.test("renderNetworkd() writes DHCP overrides for enabled families only", () => {
  const files = render(`version: 2
ethernets:
  eth0:
    dhcp4: true
    dhcp4-overrides: {use-dns: false, route-metric: 200, hostname: node1}
    dhcp6-overrides: {use-dns: false}
    optional: true
`);
  const content = file(files, "10-cloud-init-eth0.network");
  assertStringIncludes(content, "[DHCPv4]\nHostname=node1\nRouteMetric=200\nUseDNS=no\n");
  assert(!content.includes("[DHCPv6]"), content);
  assertStringIncludes(content, "[Link]\nRequiredForOnline=no\n");
});

Deno.test("renderNetworkd() applies v1 global DNS and routes to every device", () => {
  const files = render(`version: 1
config:
  - {type: physical, name: eth0, subnets: [{type: static, address: 10.0.0.5/24, gateway: 10.0.0.1}]}
  - {type: physical, name: eth1, subnets: [{type: dhcp}]}
  - {type: nameserver, address: [192.0.2.53], search: [corp]}
  - {type: nameserver, interface: eth1, address: [198.51.100.53]}
  - {type: route, destination: 192.168.24.0/24, gateway: 10.0.0.254}
`);
  const eth0 = file(files, "10-cloud-init-eth0.network");
  assertStringIncludes(eth0, "[Network]\nDHCP=no\nDNS=192.0.2.53\nDomains=corp\n");
  assertStringIncludes(
    eth0,
    "[Route]\nGateway=10.0.0.1\n\n[Route]\nDestination=192.168.24.0/24\nGateway=10.0.0.254\n",
  );
  const eth1 = file(files, "10-cloud-init-eth1.network");
  assertStringIncludes(eth1, "[Network]\nDHCP=ipv4\nDNS=198.51.100.53\n");
});

Deno.test("renderNetworkd() rejects two devices with one name", () => {
  const model = parseNetworkConfigText(`version: 2
ethernets:
  a: {match: {macaddress: "00:00:00:00:00:01"}, set-name: lan}
  lan: {}
`);
  assertThrows(() => renderNetworkd(model), RangeError, "10-cloud-init-lan.network");
});
