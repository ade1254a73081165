/**
 * The OS-neutral network model that both network-config versions are parsed
 * into, in the spirit of cloud-init's NetworkState: devices with their
 * addressing, routes and DNS, plus the settings that apply to every device.
 * Renderers for each OS read only this model, never the raw YAML.
 */

/** Kind of a device: a NIC, or a virtual device built on other devices. */
export type DeviceKind = "physical" | "bond" | "bridge" | "vlan";

/** Method by which a subnet gets its addresses. The names are cloud-init's v1 subnet types. */
export type SubnetType =
  | "dhcp4"
  | "dhcp6"
  | "static"
  | "static6"
  | "ipv6_slaac"
  | "ipv6_dhcpv6-stateless"
  | "ipv6_dhcpv6-stateful"
  | "manual";

/** A static route. Destinations are always CIDR, so `default` is `0.0.0.0/0` or `::/0`. */
export interface Route {
  destination: string;
  gateway?: string;
  metric?: number;
  table?: number;
  /** Source address the kernel prefers for traffic on this route. */
  preferredSource?: string;
  onLink?: boolean;
  scope?: string;
  type?: string;
}

/** A policy routing rule (v2 `routing-policy`). */
export interface RoutingRule {
  from?: string;
  to?: string;
  table?: number;
  priority?: number;
  /** Firewall mark the rule matches. */
  mark?: number;
  typeOfService?: number;
}

/** DNS servers and search domains. */
export interface Dns {
  nameservers: string[];
  search: string[];
}

/** One subnet of a device. Addresses carry their prefix length (`192.0.2.10/24`). */
export interface Subnet {
  type: SubnetType;
  address?: string;
  gateway?: string;
  dns: Dns;
  routes: Route[];
  /** Route metric of the subnet. For a DHCP subnet, it is the metric of the routes the lease adds. */
  metric?: number;
}

/** Overrides of what a DHCP client uses from the lease (v2 `dhcp4-overrides`). */
export interface DhcpOverrides {
  useDns?: boolean;
  useDomains?: boolean | string;
  useHostname?: boolean;
  useNtp?: boolean;
  useMtu?: boolean;
  useRoutes?: boolean;
  sendHostname?: boolean;
  hostname?: string;
  routeMetric?: number;
}

/** Settings every kind of device has. */
export interface DeviceBase {
  kind: DeviceKind;
  /** Identifier other entries use to refer to this device: the v1 `name` or the v2 key. */
  id: string;
  /**
   * Interface name the device has once configured. Undefined for a NIC that
   * is selected by `match` without `set-name`: it keeps whatever name the OS
   * gave it, and the v2 key is only an identifier.
   */
  name?: string;
  mtu?: number;
  /** MAC address to assign to the device, lower case. */
  macAddress?: string;
  subnets: Subnet[];
  /** Routes bound to the device rather than to one subnet (v2 `routes`). */
  routes: Route[];
  routingPolicy: RoutingRule[];
  /** DNS settings of this device only, or undefined when the config has none for it. */
  dns?: Dns;
  acceptRa?: boolean;
  /** True when boot must not wait for this device to come online. */
  optional?: boolean;
  dhcp4Overrides?: DhcpOverrides;
  dhcp6Overrides?: DhcpOverrides;
}

/** Properties a NIC is selected by. MAC addresses are lower case, and `name` may be a glob. */
export interface DeviceMatch {
  macAddress?: string;
  name?: string;
  driver?: string;
}

/** A network interface card. */
export interface PhysicalDevice extends DeviceBase {
  kind: "physical";
  match: DeviceMatch;
  /** Name the NIC is to be renamed to; set only when the config requests a rename. */
  setName?: string;
}

/** Value of one bond or bridge parameter as the config gives it. */
export type ParameterValue = string | number | boolean | string[];

/** A bond of member devices. */
export interface BondDevice extends DeviceBase {
  kind: "bond";
  /** Ids of the member devices. */
  members: string[];
  /** Bonding parameters keyed by their netplan names (`mode`, `mii-monitor-interval`, …). */
  parameters: Record<string, ParameterValue>;
}

/** Bridge settings, with times in seconds. */
export interface BridgeParameters {
  ageingTime?: number;
  forwardDelay?: number;
  helloTime?: number;
  maxAge?: number;
  priority?: number;
  stp?: boolean;
  /** Port path cost per member id. */
  pathCost: Record<string, number>;
  /** Port priority per member id. */
  portPriority: Record<string, number>;
}

/** A bridge of member devices. */
export interface BridgeDevice extends DeviceBase {
  kind: "bridge";
  members: string[];
  parameters: BridgeParameters;
}

/** A VLAN on top of another device. */
export interface VlanDevice extends DeviceBase {
  kind: "vlan";
  vlanId: number;
  /** Id of the device the VLAN runs on. */
  link: string;
}

/** Any device of the model. */
export type Device = PhysicalDevice | BondDevice | BridgeDevice | VlanDevice;

/** A parsed network-config. */
export interface NetworkModel {
  /** Version of the network-config the model came from. */
  version: 1 | 2;
  /** Devices in the order the config lists them. */
  devices: Device[];
  /** DNS settings not tied to a device (v1 `nameserver` entries without `interface`). */
  dns: Dns;
  /** Routes not tied to a device (v1 `route` entries). */
  routes: Route[];
  /** Settings that were read but ignored, one sentence each. */
  warnings: string[];
}

/** Returns the display name of a device: its interface name, or its id when the name is unknown. */
export function deviceLabel(device: Device): string {
  return device.name ?? device.id;
}
