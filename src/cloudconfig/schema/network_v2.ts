/**
 * Schema of network-config version 2 (the netplan-style `ethernets`,
 * `bonds`, `bridges` and `vlans` mappings).
 */

import { z } from "../../zod.ts";

const renderer = z.enum(["networkd", "NetworkManager"]);

/** `dhcp4`/`dhcp6`: a boolean, or the text `yes` or `no`. */
const dhcpFlag = z.union([z.boolean(), z.enum(["yes", "no"])]);

const dhcpOverrides = z.looseObject({
  hostname: z.string().optional(),
  "route-metric": z.int().optional(),
  "send-hostname": z.boolean().optional(),
  "use-dns": z.boolean().optional(),
  "use-domains": z.string().optional(),
  "use-hostname": z.boolean().optional(),
  "use-mtu": z.boolean().optional(),
  "use-ntp": z.boolean().optional(),
  "use-routes": z.boolean().optional(),
});

/** Settings every v2 device accepts: addressing, DHCP, gateways, nameservers, routes. */
const deviceFields = {
  renderer: renderer.optional(),
  dhcp4: dhcpFlag.optional(),
  dhcp6: dhcpFlag.optional(),
  "dhcp4-overrides": dhcpOverrides.optional(),
  "dhcp6-overrides": dhcpOverrides.optional(),
  addresses: z.array(z.string()).optional(),
  gateway4: z.string().optional(),
  gateway6: z.string().optional(),
  optional: z.boolean().optional(),
  mtu: z.int().optional(),
  nameservers: z.looseObject({
    search: z.array(z.string()).optional(),
    addresses: z.array(z.string()).optional(),
  }).optional(),
  routes: z.array(z.looseObject({
    to: z.string(),
    via: z.string().optional(),
    from: z.string().optional(),
    metric: z.int().optional(),
    table: z.int().optional(),
    scope: z.string().optional(),
    type: z.string().optional(),
    "on-link": z.boolean().optional(),
  })).optional(),
  // Netplan keys that cloud-init's v2 schema leaves out but passes through to netplan.
  macaddress: z.string().optional(),
  "routing-policy": z.array(z.looseObject({
    from: z.string().optional(),
    to: z.string().optional(),
    table: z.int().optional(),
    priority: z.int().optional(),
    mark: z.int().optional(),
    "type-of-service": z.int().optional(),
  })).optional(),
};

/** An ethernet device, matched by name, MAC address or driver and optionally renamed. */
export const ethernetV2Schema = z.looseObject({
  ...deviceFields,
  match: z.looseObject({
    name: z.string().optional(),
    macaddress: z.string().optional(),
    driver: z.string().optional(),
  }).optional(),
  "set-name": z.string().optional(),
  wakeonlan: z.boolean().optional(),
});

/** A bond of interfaces with its bonding parameters. */
export const bondV2Schema = z.looseObject({
  ...deviceFields,
  interfaces: z.array(z.string()).optional(),
  parameters: z.record(z.string(), z.unknown()).optional(),
});

/** A bridge of interfaces with its bridge parameters. */
export const bridgeV2Schema = z.looseObject({
  ...deviceFields,
  interfaces: z.array(z.string()).optional(),
  parameters: z.record(z.string(), z.unknown()).optional(),
});

/** A VLAN on a link. */
export const vlanV2Schema = z.looseObject({
  ...deviceFields,
  id: z.int().optional(),
  link: z.string().optional(),
});

/** Network-config version 2. */
export const networkV2Schema = z.looseObject({
  version: z.literal(2),
  renderer: renderer.optional(),
  ethernets: z.record(z.string(), ethernetV2Schema).optional(),
  bonds: z.record(z.string(), bondV2Schema).optional(),
  bridges: z.record(z.string(), bridgeV2Schema).optional(),
  vlans: z.record(z.string(), vlanV2Schema).optional(),
});
