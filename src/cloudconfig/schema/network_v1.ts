/**
 * Schema of network-config version 1 (cloud-init's `config:` list of
 * physical, bond, bridge, vlan, nameserver and route entries).
 */

import { z } from "../../zod.ts";

const routeFields = {
  network: z.string().optional(),
  destination: z.string().optional(),
  netmask: z.string().optional(),
  gateway: z.string(),
  metric: z.int().optional(),
};

const hasTarget = (route: { network?: string; destination?: string }) =>
  route.network !== undefined || route.destination !== undefined;
const targetMissing = { message: "a route needs network or destination", path: ["network"] };

/** A static route inside a subnet; `network` or `destination` names the target. */
export const routeV1Schema = z.looseObject({ type: z.literal("route").optional(), ...routeFields })
  .refine(hasTarget, targetMissing);

/** One subnet of an interface: DHCP, static addressing or SLAAC, with routes and DNS. */
export const subnetV1Schema = z.looseObject({
  type: z.enum([
    "dhcp4",
    "dhcp",
    "dhcp6",
    "static",
    "static6",
    "ipv6_dhcpv6-stateful",
    "ipv6_dhcpv6-stateless",
    "ipv6_slaac",
    "manual",
  ]).optional(),
  control: z.enum(["manual", "auto", "hotplug"]).optional(),
  address: z.string().optional(),
  netmask: z.string().optional(),
  broadcast: z.string().optional(),
  gateway: z.string().optional(),
  dns_nameservers: z.array(z.string()).optional(),
  dns_search: z.array(z.string()).optional(),
  routes: z.array(routeV1Schema).optional(),
  ipv4: z.boolean().optional(),
  ipv6: z.boolean().optional(),
  metric: z.int().optional(),
});

const subnets = z.array(subnetV1Schema).optional();

const physical = z.looseObject({
  type: z.literal("physical"),
  name: z.string().max(15, "interface names have at most 15 characters"),
  mac_address: z.string().optional(),
  mtu: z.int().nullable().optional(),
  subnets,
  "accept-ra": z.boolean().optional(),
  keep_configuration: z.boolean().optional(),
});

const bond = z.looseObject({
  type: z.literal("bond"),
  name: z.string(),
  mac_address: z.string().optional(),
  bond_interfaces: z.array(z.string()).optional(),
  mtu: z.int().optional(),
  params: z.record(z.string(), z.unknown()).optional(),
  subnets,
  "accept-ra": z.boolean().optional(),
});

const bridge = z.looseObject({
  type: z.literal("bridge"),
  name: z.string(),
  bridge_interfaces: z.array(z.string()),
  params: z.record(z.string(), z.unknown()),
  subnets,
  "accept-ra": z.boolean().optional(),
});

const vlan = z.looseObject({
  type: z.literal("vlan"),
  name: z.string(),
  vlan_link: z.string(),
  vlan_id: z.int(),
  mtu: z.int().optional(),
  mac_address: z.string().optional(),
  subnets,
  "accept-ra": z.boolean().optional(),
});

const nameserver = z.looseObject({
  type: z.literal("nameserver"),
  address: z.union([z.string(), z.array(z.string())]),
  search: z.array(z.string()).optional(),
  interface: z.string().optional(),
});

const route = z.looseObject({ type: z.literal("route"), ...routeFields }).refine(
  hasTarget,
  targetMissing,
);

/** One entry of `config`, chosen by its `type`. */
export const networkV1EntrySchema = z.discriminatedUnion("type", [
  physical,
  bond,
  bridge,
  vlan,
  nameserver,
  route,
]);

/** Network-config version 1: `version: 1` and the `config` list. */
export const networkV1Schema = z.looseObject({
  version: z.literal(1),
  config: z.array(networkV1EntrySchema),
});
