/** The `.netdev` files of virtual devices: bonds, bridges and VLANs. */

import type {
  BondDevice,
  BridgeDevice,
  Device,
  ParameterValue,
  VlanDevice,
} from "../../../network/model.ts";
import { UnitFile } from "./_unit_file.ts";

/** systemd.netdev `[Bond]` keys per netplan bond parameter; `primary` goes to the member instead. */
const BOND_KEYS: Record<string, string> = {
  "mode": "Mode",
  "lacp-rate": "LACPTransmitRate",
  "mii-monitor-interval": "MIIMonitorSec",
  "min-links": "MinLinks",
  "transmit-hash-policy": "TransmitHashPolicy",
  "ad-select": "AdSelect",
  "all-slaves-active": "AllSlavesActive",
  "arp-interval": "ARPIntervalSec",
  "arp-ip-targets": "ARPIPTargets",
  "arp-validate": "ARPValidate",
  "arp-all-targets": "ARPAllTargets",
  "up-delay": "UpDelaySec",
  "down-delay": "DownDelaySec",
  "fail-over-mac-policy": "FailOverMACPolicy",
  "gratuitous-arp": "GratuitousARP",
  "packets-per-slave": "PacketsPerSlave",
  "primary-reselect-policy": "PrimaryReselectPolicy",
  "resend-igmp": "ResendIGMP",
  "learn-packet-interval": "LearnPacketIntervalSec",
};

/** Netplan gives these in milliseconds; systemd reads a bare number as seconds. */
const MILLISECOND_PARAMETERS = new Set([
  "mii-monitor-interval",
  "arp-interval",
  "up-delay",
  "down-delay",
]);

/** Renders the `.netdev` content of a virtual device, or undefined for a NIC. */
export function renderNetdev(device: Device): string | undefined {
  if (device.kind === "physical") return undefined;
  const file = new UnitFile();
  file.set("NetDev", "Name", device.id);
  file.set("NetDev", "Kind", device.kind);
  if (device.macAddress !== undefined) file.set("NetDev", "MACAddress", device.macAddress);
  if (device.mtu !== undefined) file.set("NetDev", "MTUBytes", device.mtu);

  if (device.kind === "bond") addBond(file, device);
  else if (device.kind === "bridge") addBridge(file, device);
  else addVlan(file, device);
  return file.toString();
}

// cloud-init leaves out parameters whose value is false, zero or empty, so the
// systemd default applies to them. We do the same to render the same files.
// NOTE: this also drops an explicit `priority: 0`, so networkd uses its default priority.
function isSet(value: ParameterValue | undefined): value is ParameterValue {
  if (Array.isArray(value)) return value.length > 0;
  return value !== undefined && value !== false && value !== 0 && value !== "";
}

function addBond(file: UnitFile, device: BondDevice): void {
  for (const [name, value] of Object.entries(device.parameters)) {
    const key = BOND_KEYS[name];
    if (key === undefined || !isSet(value)) continue;
    file.set("Bond", key, formatBondValue(name, value));
  }
}

function formatBondValue(name: string, value: ParameterValue): string {
  if (Array.isArray(value)) return value.join(" ");
  if (MILLISECOND_PARAMETERS.has(name) && /^\d+$/.test(String(value))) return `${value}ms`;
  return String(value);
}

function addBridge(file: UnitFile, device: BridgeDevice): void {
  const parameters = device.parameters;
  const seconds: [string, number | undefined][] = [
    ["AgeingTimeSec", parameters.ageingTime],
    ["ForwardDelaySec", parameters.forwardDelay],
    ["HelloTimeSec", parameters.helloTime],
    ["MaxAgeSec", parameters.maxAge],
    ["Priority", parameters.priority],
  ];
  for (const [key, value] of seconds) {
    if (isSet(value)) file.set("Bridge", key, value);
  }
  if (parameters.stp === true) file.set("Bridge", "STP", "yes");
}

function addVlan(file: UnitFile, device: VlanDevice): void {
  file.set("VLAN", "Id", device.vlanId);
}
