/** Back-references from virtual devices to the devices they are built on. */

import type { NetworkModel } from "../../../network/model.ts";

/** Settings that bonds, bridges and VLANs require of one underlying device. */
export interface MemberLinks {
  /** Name of the bond this device is a member of. */
  bond?: string;
  /** True when the bond names this device as its primary member. */
  primary?: boolean;
  /** Name of the bridge this device is a port of. */
  bridge?: string;
  bridgeCost?: number;
  bridgePriority?: number;
  /** Names of the VLANs that run on this device. */
  vlans: string[];
}

/** Collects the back-references of every device, keyed by device id. */
export function collectMemberLinks(model: NetworkModel): Map<string, MemberLinks> {
  const links = new Map<string, MemberLinks>();
  const of = (id: string) => {
    const existing = links.get(id);
    if (existing !== undefined) return existing;
    const created: MemberLinks = { vlans: [] };
    links.set(id, created);
    return created;
  };

  for (const device of model.devices) {
    if (device.kind === "bond") {
      for (const member of device.members) {
        of(member).bond = device.id;
        if (device.parameters.primary === member) of(member).primary = true;
      }
    } else if (device.kind === "bridge") {
      for (const member of device.members) {
        const entry = of(member);
        entry.bridge = device.id;
        entry.bridgeCost = device.parameters.pathCost[member];
        entry.bridgePriority = device.parameters.portPriority[member];
      }
    } else if (device.kind === "vlan") {
      of(device.link).vlans.push(device.id);
    }
  }
  return links;
}
