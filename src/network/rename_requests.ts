/** The NIC renames that a network model requests. */

import type { NetworkModel } from "./model.ts";

/** One requested rename: the NIC with this MAC address gets this name. */
export interface RenameRequest {
  /** MAC address, lower case. */
  macAddress: string;
  name: string;
}

/**
 * Lists the renames the model requests: one per NIC that has both a MAC
 * address to match and a name to set (v2 `set-name`, or a v1 physical entry
 * with `mac_address`). A v2 entry matched by MAC without `set-name` requests
 * none, whatever its key. Renames of NICs matched only by name or driver are
 * left out, because no stable property identifies the NIC to rename.
 */
export function renameRequests(model: NetworkModel): RenameRequest[] {
  const requests: RenameRequest[] = [];
  for (const device of model.devices) {
    if (device.kind !== "physical") continue;
    const macAddress = device.match.macAddress;
    if (macAddress === undefined || device.setName === undefined) continue;
    requests.push({ macAddress, name: device.setName });
  }
  return requests;
}
