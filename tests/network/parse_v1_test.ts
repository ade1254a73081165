import { assert, assertEquals } from "../_support/assert.ts";
import { parseNetworkConfigText } from "../../src/network/parse_network_config.ts";
import type {
  BondDevice,
  BridgeDevice,
  Device,
  PhysicalDevice,
  VlanDevice,
} from "../../src/network/model.ts";

function parse(yaml: string) {
  return parseNetworkConfigText(yaml, { file: "network-config" });
}

function device<K extends Device["kind"]>(devices: Device[], id: string, kind: K) {
  const found = devices.find((candidate) => candidate.id === id);
  assert(found !== undefined, `device ${id} is missing`);
  assertEquals(found.kind, kind);
  return found as Extract<Device, { kind: K }>;
}

Deno.test("parseNetworkV1() maps subnet types", () => {
  const cases: [string, string][] = [
    ["dhcp", "dhcp4"],
    ["dhcp4", "dhcp4"],
    ["dhcp6", "dhcp6"],
    ["ipv6_dhcpv6-stateless", "ipv6_dhcpv6-stateless"],
    ["ipv6_dhcpv6-stateful", "ipv6_dhcpv6-stateful"],
    ["ipv6_slaac", "ipv6_slaac"],
    ["manual", "manual"],
  ];
  for (const [input, expected] of cases) {
    const model = parse(`version: 1
config:
  - {type: physical, name: eth0, subnets: [{type: ${input}}]}
`);
    assertEquals(model.devices[0].subnets[0].type, expected, input);
  }
});

Deno.test("parseNetworkV1() turns netmasks into prefixes", () => {
  const model = parse(`version: 1
config:
  - type: physical
    name: eth0
    subnets:
      - {type: static, address: 10.184.225.122, netmask: 255.255.255.252}
      - {type: static, address: 192.168.23.14/27, gateway: 192.168.23.1}
      - {type: static6, address: "2001:db8::5", netmask: "64"}
`);
  const subnets = model.devices[0].subnets;
  assertEquals(subnets.map((subnet) => subnet.address), [
    "10.184.225.122/30",
    "192.168.23.14/27",
    "2001:db8::5/64",
  ]);
  assertEquals(subnets[1].gateway, "192.168.23.1");
  assertEquals(subnets[2].type, "static6");
  assertEquals(model.warnings, []);
});

Deno.test("parseNetworkV1() warns about an address without prefix", () => {
  const model = parse(`version: 1
config:
  - {type: physical, name: eth0, subnets: [{type: static, address: 10.0.0.5}]}
`);
  assertEquals(model.devices[0].subnets[0].address, "10.0.0.5/24");
  assertEquals(model.warnings.length, 1);
  assert(model.warnings[0].includes('"10.0.0.5"'), model.warnings[0]);
});

Deno.test("parseNetworkV1() reads subnet routes and global routes", () => {
  const model = parse(`version: 1
config:
  - type: physical
    name: eth0
    subnets:
      - type: static
        address: 10.0.0.5/24
        routes:
          - {gateway: 10.0.0.1, netmask: 255.240.0.0, destination: 10.176.0.0}
          - {gateway: 10.0.0.1, network: 0.0.0.0, netmask: 0.0.0.0, metric: 7}
  - {type: route, destination: 192.168.24.0/24, gateway: 192.168.24.1, metric: 3}
`);
  assertEquals(model.devices[0].subnets[0].routes, [
    { destination: "10.176.0.0/12", gateway: "10.0.0.1" },
    { destination: "0.0.0.0/0", gateway: "10.0.0.1", metric: 7 },
  ]);
  assertEquals(model.routes, [{
    destination: "192.168.24.0/24",
    gateway: "192.168.24.1",
    metric: 3,
  }]);
});

Deno.test("parseNetworkV1() keeps global and per-interface DNS apart", () => {
  const model = parse(`version: 1
config:
  - {type: physical, name: eth0}
  - {type: physical, name: eth1}
  - {type: nameserver, address: 8.8.8.8}
  - {type: nameserver, address: [4.4.4.4], search: [example.org]}
  - {type: nameserver, interface: eth1, address: [192.0.2.53], search: [lab]}
`);
  assertEquals(model.dns, { nameservers: ["8.8.8.8", "4.4.4.4"], search: ["example.org"] });
  assertEquals(model.devices[0].dns, undefined);
  assertEquals(model.devices[1].dns, { nameservers: ["192.0.2.53"], search: ["lab"] });
});

Deno.test("parseNetworkV1() requests a rename for a NIC with a MAC", () => {
  const model = parse(`version: 1
config:
  - {type: physical, name: lan0, mac_address: "AA:BB:CC:00:11:22", mtu: 9000}
  - {type: physical, name: eth1}
`);
  const lan0 = device(model.devices, "lan0", "physical") as PhysicalDevice;
  assertEquals(lan0.match, { macAddress: "aa:bb:cc:00:11:22" });
  assertEquals(lan0.setName, "lan0");
  assertEquals(lan0.name, "lan0");
  assertEquals(lan0.mtu, 9000);
  const eth1 = device(model.devices, "eth1", "physical") as PhysicalDevice;
  assertEquals(eth1.setName, undefined);
});

Deno.test("parseNetworkV1() maps bond params to netplan names", () => {
  const model = parse(`version: 1
config:
  - {type: physical, name: gbe0}
  - type: bond
    name: bond0
    bond_interfaces: [gbe0, gbe1]
    mac_address: "01:00:00:00:00:0A"
    params:
      bond-mode: 802.3ad
      bond-lacp_rate: fast
      bond-miimon: 100
      bond-xmit-hash-policy: layer3+4
      bond-frobnicate: 1
`);
  const bond = device(model.devices, "bond0", "bond") as BondDevice;
  assertEquals(bond.parameters, {
    "mode": "802.3ad",
    "lacp-rate": "fast",
    "mii-monitor-interval": 100,
    "transmit-hash-policy": "layer3+4",
  });
  assertEquals(bond.macAddress, "01:00:00:00:00:0a");
  assertEquals(bond.members, ["gbe0", "gbe1"]);
  // gbe1 is not defined, so it becomes a plain NIC as in cloud-init.
  assertEquals(device(model.devices, "gbe1", "physical").name, "gbe1");
  assertEquals(model.warnings.length, 1);
  assert(model.warnings[0].includes('"bond-frobnicate"'), model.warnings[0]);
});

Deno.test("parseNetworkV1() reads bridge params and port lists", () => {
  const model = parse(`version: 1
config:
  - {type: physical, name: jumbo0}
  - type: bridge
    name: br0
    bridge_interfaces: [jumbo0]
    params:
      bridge_ageing: 250
      bridge_bridgeprio: 22
      bridge_fd: 1
      bridge_hello: 1
      bridge_maxage: 10
      bridge_maxwait: 15
      bridge_pathcost: ["jumbo0 75"]
      bridge_portprio: ["jumbo0 28"]
      bridge_stp: "on"
`);
  const bridge = device(model.devices, "br0", "bridge") as BridgeDevice;
  assertEquals(bridge.parameters, {
    ageingTime: 250,
    priority: 22,
    forwardDelay: 1,
    helloTime: 1,
    maxAge: 10,
    stp: true,
    pathCost: { jumbo0: 75 },
    portPriority: { jumbo0: 28 },
  });
  assertEquals(model.warnings, []);
});

Deno.test("parseNetworkV1() reads VLANs", () => {
  const model = parse(`network:
  version: 1
  config:
    - {type: physical, name: eth0, mac_address: "c0:d6:9f:2c:e8:80"}
    - {type: vlan, name: eth0.101, vlan_link: eth0, vlan_id: 101, mtu: 1500}
`);
  const vlan = device(model.devices, "eth0.101", "vlan") as VlanDevice;
  assertEquals(vlan.vlanId, 101);
  assertEquals(vlan.link, "eth0");
  assertEquals(vlan.mtu, 1500);
  assertEquals(model.version, 1);
});
