import { assertEquals } from "../_support/assert.ts";
import { convertNetworkData } from "../../src/datasources/convert_network_data.ts";

const MAC_A = "fa:16:3e:05:30:fe";
const MAC_B = "fa:16:3e:69:b0:58";
const MAC_BOND = "fa:16:3e:aa:bb:cc";
const knownMacs = new Map([[MAC_A, "ens3"], [MAC_B, "ens4"]]);

Deno.test("convertNetworkData() converts static networks and DNS services", () => {
  const converted = convertNetworkData({
    links: [
      { id: "tap-a", type: "phy", ethernet_mac_address: MAC_A.toUpperCase(), mtu: 1500 },
      { id: "tap-b", type: "ovs", ethernet_mac_address: MAC_B },
    ],
    networks: [
      {
        id: "network0",
        type: "ipv4",
        link: "tap-a",
        ip_address: "2.2.2.10",
        netmask: "255.255.255.248",
        routes: [{ network: "0.0.0.0", netmask: "0.0.0.0", gateway: "2.2.2.9" }],
        services: [{ type: "dns", address: "8.8.4.4" }],
      },
      { id: "network1", type: "ipv6", link: "tap-b", ip_address: "2001:db8::5/64" },
    ],
    services: [{ type: "dns", address: "1.1.1.1" }],
  }, knownMacs);

  assertEquals(converted, {
    version: 1,
    config: [
      {
        type: "physical",
        mtu: 1500,
        mac_address: MAC_A,
        name: "ens3",
        subnets: [{
          type: "static",
          address: "2.2.2.10",
          netmask: "255.255.255.248",
          routes: [{ network: "0.0.0.0", netmask: "0.0.0.0", gateway: "2.2.2.9" }],
          dns_nameservers: ["8.8.4.4"],
          ipv4: true,
        }],
      },
      {
        type: "physical",
        mac_address: MAC_B,
        name: "ens4",
        "accept-ra": false,
        subnets: [{ type: "static6", address: "2001:db8::5/64", ipv6: true }],
      },
      { type: "nameserver", address: "1.1.1.1" },
    ],
  });
});

Deno.test("convertNetworkData() names bonds and resolves VLAN parents", () => {
  const converted = convertNetworkData({
    links: [
      { id: "eth0", type: "phy", ethernet_mac_address: MAC_A },
      { id: "eth1", type: "phy", ethernet_mac_address: MAC_B },
      {
        id: "bond-link",
        type: "bond",
        bond_links: ["eth0", "eth1"],
        bond_mode: "802.3ad",
        bond_xmit_hash_policy: "layer3+4",
        bond_miimon: 100,
        ethernet_mac_address: MAC_BOND,
      },
      {
        id: "vlan0",
        type: "vlan",
        vlan_link: "bond-link",
        vlan_id: 602,
        vlan_mac_address: MAC_BOND,
      },
    ],
    networks: [{ id: "n0", type: "ipv4_dhcp", link: "vlan0" }],
  }, knownMacs);

  const config = converted.config as Record<string, unknown>[];
  assertEquals(config[2], {
    type: "bond",
    name: "bond0",
    mac_address: MAC_BOND,
    params: {
      "bond-mode": "802.3ad",
      "bond-xmit_hash_policy": "layer3+4",
      "bond-miimon": 100,
    },
    bond_interfaces: ["ens3", "ens4"],
    subnets: [],
  });
  assertEquals(config[3], {
    type: "vlan",
    name: "bond0.602",
    vlan_id: 602,
    mac_address: MAC_BOND,
    vlan_link: "bond0",
    subnets: [{ type: "dhcp4" }],
  });
});

Deno.test("convertNetworkData() marks DHCPv6 stateful links for router advertisements", () => {
  const converted = convertNetworkData({
    links: [{ id: "l", type: "phy", ethernet_mac_address: MAC_A }],
    networks: [{ id: "n", type: "ipv6_dhcpv6-stateful", link: "l" }],
  }, knownMacs);

  const link = (converted.config as Record<string, unknown>[])[0];
  assertEquals(link["accept-ra"], true);
  assertEquals(link.subnets, [{ type: "ipv6_dhcpv6-stateful" }]);
});

Deno.test("convertNetworkData() names a link with an unknown MAC after its id", () => {
  const converted = convertNetworkData({
    links: [{ id: "tap-x", type: "phy", ethernet_mac_address: "02:00:00:00:00:01" }],
  });

  assertEquals((converted.config as Record<string, unknown>[])[0].name, "tap-x");
});
