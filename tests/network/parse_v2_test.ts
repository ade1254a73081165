import { assert, assertEquals, assertThrows } from "../_support/assert.ts";
import { parseNetworkConfigText } from "../../src/network/parse_network_config.ts";
import { renameRequests } from "../../src/network/rename_requests.ts";
import type {
  BondDevice,
  BridgeDevice,
  Device,
  PhysicalDevice,
  VlanDevice,
} from "../../src/network/model.ts";
import { InputError } from "../../src/errors.ts";

function parse(yaml: string) {
  return parseNetworkConfigText(yaml, { file: "network-config" });
}

function byId(devices: Device[], id: string): Device {
  const found = devices.find((candidate) => candidate.id === id);
  assert(found !== undefined, `device ${id} is missing`);
  return found;
}

Deno.test("parseNetworkV2() names an ethernet by key, set-name or nothing", () => {
  const model = parse(`version: 2
ethernets:
  eth0: {dhcp4: true}
  nic1:
    match: {macaddress: "52:54:00:00:00:01"}
  nic2:
    match: {macaddress: "52:54:00:00:00:02"}
    set-name: wan0
  nic3:
    match: {name: "en*", driver: virtio_net}
`);
  const cases: [string, string | undefined, string | undefined][] = [
    ["eth0", "eth0", undefined],
    ["nic1", undefined, undefined],
    ["nic2", "wan0", "wan0"],
    ["nic3", undefined, undefined],
  ];
  for (const [id, name, setName] of cases) {
    const device = byId(model.devices, id) as PhysicalDevice;
    assertEquals(device.name, name, `name of ${id}`);
    assertEquals(device.setName, setName, `set-name of ${id}`);
  }
  assertEquals((byId(model.devices, "nic3") as PhysicalDevice).match, {
    macAddress: undefined,
    name: "en*",
    driver: "virtio_net",
  });
});

Deno.test("renameRequests() lists only set-name with a MAC match", () => {
  const model = parse(`version: 2
ethernets:
  id0:
    match: {macaddress: "52:54:00:12:34:56"}
  lan1:
    match: {macaddress: "52:54:00:AB:CD:EF"}
    set-name: lan1
  byname:
    match: {name: "eth*"}
    set-name: lan2
`);
  assertEquals(renameRequests(model), [{ macAddress: "52:54:00:ab:cd:ef", name: "lan1" }]);
});

Deno.test("parseNetworkV2() attaches gateways to the first address of their family", () => {
  const model = parse(`version: 2
ethernets:
  eth0:
    dhcp4: "yes"
    addresses: [192.0.2.10/24, "2001:db8::10/64", 192.0.2.11/24]
    gateway4: 192.0.2.1
    gateway6: "2001:db8::1"
`);
  const subnets = model.devices[0].subnets;
  assertEquals(subnets.map((subnet) => [subnet.type, subnet.address, subnet.gateway]), [
    ["dhcp4", undefined, undefined],
    ["static", "192.0.2.10/24", "192.0.2.1"],
    ["static6", "2001:db8::10/64", "2001:db8::1"],
    ["static", "192.0.2.11/24", undefined],
  ]);
  assertEquals(model.warnings, []);
});

Deno.test("parseNetworkV2() warns about a gateway without an address", () => {
  const model = parse(`version: 2
ethernets:
  eth0: {dhcp4: true, gateway4: 192.0.2.1}
`);
  assertEquals(model.warnings.length, 1);
  assert(model.warnings[0].includes('"192.0.2.1"'), model.warnings[0]);
});

Deno.test("parseNetworkV2() reads routes and routing policy", () => {
  const model = parse(`version: 2
ethernets:
  eth0:
    addresses: [192.0.2.10/24]
    routes:
      - {to: default, via: 192.0.2.1, metric: 50, table: 10}
      - {to: default, via: "2001:db8::1"}
      - {to: 198.51.100.0/24, via: 192.0.2.254, on-link: true, from: 192.0.2.10}
    routing-policy:
      - {from: 192.0.2.10, to: 203.0.113.0/24, table: 10, priority: 100, mark: 3}
`);
  const eth0 = model.devices[0];
  assertEquals(eth0.routes, [
    { destination: "0.0.0.0/0", gateway: "192.0.2.1", metric: 50, table: 10 },
    { destination: "::/0", gateway: "2001:db8::1" },
    {
      destination: "198.51.100.0/24",
      gateway: "192.0.2.254",
      onLink: true,
      preferredSource: "192.0.2.10",
    },
  ]);
  assertEquals(eth0.routingPolicy, [
    { from: "192.0.2.10", to: "203.0.113.0/24", table: 10, priority: 100, mark: 3 },
  ]);
});

Deno.test("parseNetworkV2() reads nameservers, overrides and link settings", () => {
  const model = parse(`version: 2
ethernets:
  eth0:
    dhcp4: true
    dhcp4-overrides: {use-dns: false, route-metric: 200, hostname: node1}
    macaddress: "00:11:22:33:44:AA"
    mtu: 1400
    optional: true
    nameservers: {addresses: [9.9.9.9], search: [example.org]}
`);
  const eth0 = model.devices[0];
  assertEquals(eth0.dns, { nameservers: ["9.9.9.9"], search: ["example.org"] });
  assertEquals(eth0.dhcp4Overrides, { useDns: false, routeMetric: 200, hostname: "node1" });
  assertEquals(eth0.macAddress, "00:11:22:33:44:aa");
  assertEquals(eth0.mtu, 1400);
  assertEquals(eth0.optional, true);
});

Deno.test("parseNetworkV2() reads bonds, bridges and VLANs", () => {
  const model = parse(`version: 2
ethernets:
  eth0: {}
  eth1: {}
bonds:
  bond0:
    interfaces: [eth0, eth1]
    parameters: {mode: active-backup, mii-monitor-interval: 100, primary: eth0, gratuitious-arp: 5}
bridges:
  br0:
    interfaces: [bond0]
    parameters: {stp: false, forward-delay: 0, priority: 4096, path-cost: {bond0: 30}}
vlans:
  vlan10: {id: 10, link: br0, macaddress: "00:11:22:33:44:BB"}
`);
  const bond = byId(model.devices, "bond0") as BondDevice;
  assertEquals(bond.members, ["eth0", "eth1"]);
  assertEquals(bond.parameters, {
    "mode": "active-backup",
    "mii-monitor-interval": 100,
    "primary": "eth0",
    "gratuitous-arp": 5,
  });
  const bridge = byId(model.devices, "br0") as BridgeDevice;
  assertEquals(bridge.parameters, {
    stp: false,
    forwardDelay: 0,
    priority: 4096,
    pathCost: { bond0: 30 },
    portPriority: {},
  });
  const vlan = byId(model.devices, "vlan10") as VlanDevice;
  assertEquals([vlan.vlanId, vlan.link, vlan.name, vlan.macAddress], [
    10,
    "br0",
    "vlan10",
    "00:11:22:33:44:bb",
  ]);
});

Deno.test("parseNetworkV2() rejects references to undefined devices", () => {
  const cases: [string, string][] = [
    ["bonds: {bond0: {interfaces: [eth9]}}", 'interface "eth9" is not defined'],
    ["bridges: {br0: {interfaces: [eth9]}}", 'interface "eth9" is not defined'],
    ["vlans: {vlan5: {id: 5, link: eth9}}", 'link "eth9" is not defined'],
    ["vlans: {vlan5: {link: eth0}}", 'Invalid VLAN "vlan5"'],
  ];
  for (const [yaml, message] of cases) {
    assertThrows(
      () => parse(`version: 2\nethernets: {eth0: {}}\n${yaml}\n`),
      InputError,
      message,
    );
  }
});
