import { parse } from "yaml";
import { parseNetworkConfigText } from "../../../../src/network/parse_network_config.ts";
import { renderNetplan } from "../../../../src/platform/linux/netplan/render_netplan.ts";
import { assertEquals, assertStringIncludes } from "../../../_support/assert.ts";

Deno.test("renderNetplan() turns a v1 static NIC with mac_address into a renamed ethernet", () => {
  const model = parseNetworkConfigText(`version: 1
config:
  - type: physical
    name: eth0
    mac_address: "52:54:00:AA:BB:CC"
    mtu: 1400
    subnets:
      - type: static
        address: 192.0.2.10/24
        gateway: 192.0.2.1
        dns_nameservers: [192.0.2.53]
  - type: nameserver
    address: [198.51.100.53]
    search: [example.test]
`);
  assertEquals(parse(renderNetplan(model)), {
    network: {
      version: 2,
      ethernets: {
        eth0: {
          match: { macaddress: "52:54:00:aa:bb:cc" },
          "set-name": "eth0",
          mtu: 1400,
          addresses: ["192.0.2.10/24"],
          routes: [{ to: "default", via: "192.0.2.1" }],
          nameservers: { addresses: ["192.0.2.53", "198.51.100.53"], search: ["example.test"] },
        },
      },
    },
  });
});

Deno.test("renderNetplan() writes bonds and VLANs with their members and ids", () => {
  const model = parseNetworkConfigText(`version: 2
ethernets:
  ens3: {}
  ens4: {}
bonds:
  bond0:
    interfaces: [ens3, ens4]
    parameters:
      mode: active-backup
vlans:
  vlan10:
    id: 10
    link: bond0
    dhcp4: true
`);
  const network = (parse(renderNetplan(model)) as { network: Record<string, unknown> }).network;
  assertEquals(network.bonds, {
    bond0: { interfaces: ["ens3", "ens4"], parameters: { mode: "active-backup" } },
  });
  assertEquals(network.vlans, { vlan10: { id: 10, link: "bond0", dhcp4: true } });
  assertEquals(network.ethernets, { ens3: {}, ens4: {} });
});

Deno.test("renderNetplan() keeps a MAC match without set-name free of a rename", () => {
  const model = parseNetworkConfigText(`version: 2
ethernets:
  nic:
    match:
      macaddress: "52:54:00:12:34:56"
    dhcp6: true
`);
  assertEquals(parse(renderNetplan(model)), {
    network: {
      version: 2,
      ethernets: { nic: { match: { macaddress: "52:54:00:12:34:56" }, dhcp6: true } },
    },
  });
});

Deno.test("renderNetplan() writes bridge parameters under their netplan names", () => {
  const model = parseNetworkConfigText(`version: 2
ethernets:
  ens3: {}
bridges:
  br0:
    interfaces: [ens3]
    addresses: [198.51.100.2/24]
    parameters:
      stp: true
      forward-delay: 4
      path-cost: { ens3: 50 }
`);
  const network = (parse(renderNetplan(model)) as { network: Record<string, unknown> }).network;
  assertEquals(network.bridges, {
    br0: {
      interfaces: ["ens3"],
      addresses: ["198.51.100.2/24"],
      parameters: { "forward-delay": 4, stp: true, "path-cost": { ens3: 50 } },
    },
  });
});

Deno.test("renderNetplan() quotes an all-digit MAC address for YAML 1.1 readers", () => {
  const model = parseNetworkConfigText(`version: 2
ethernets:
  nic:
    match: { macaddress: "52:54:00:12:34:56" }
    set-name: lan0
`);
  assertStringIncludes(renderNetplan(model), 'macaddress: "52:54:00:12:34:56"\n');
});
