/**
 * Parser for network-config version 2, the netplan-style `ethernets`,
 * `bonds`, `bridges` and `vlans` mappings.
 */

import type { z } from "zod";
import type { networkV2Schema } from "../cloudconfig/schema/network_v2.ts";
import { InputError } from "../errors.ts";
import { normalizeMac } from "./_addresses.ts";
import { baseDevice, emptyDns } from "./_build.ts";
import { normalizeBondParameters, normalizeBridgeParametersV2 } from "./_parameters.ts";
import { applyCommonV2, type V2DeviceConfig } from "./_v2_common.ts";
import type { Device, NetworkModel, PhysicalDevice } from "./model.ts";

type V2Document = z.infer<typeof networkV2Schema>;
type V2Ethernet = NonNullable<V2Document["ethernets"]>[string];

/**
 * Builds the network model from a validated v2 document.
 *
 * The key of an ethernet with a `match` block is only an identifier: the NIC
 * keeps the name the OS gave it unless `set-name` requests a rename, so
 * `name` stays undefined there. An ethernet without `match` is the interface
 * named by its key. MAC addresses are lower-cased, so matching ignores case.
 * Throws InputError when a bond, bridge or VLAN refers to an undefined id.
 */
export function parseNetworkV2(document: V2Document): NetworkModel {
  const model: NetworkModel = {
    version: 2,
    devices: [],
    dns: emptyDns(),
    routes: [],
    warnings: [],
  };
  const warn = (message: string) => model.warnings.push(message);

  for (const [id, config] of Object.entries(document.ethernets ?? {})) {
    model.devices.push(parseEthernet(id, config, warn));
  }
  for (const [id, config] of Object.entries(document.bonds ?? {})) {
    const device = applyCommonV2(baseDevice("bond", id, id), config, warn);
    model.devices.push({
      ...device,
      members: config.interfaces ?? [],
      parameters: normalizeBondParameters(config.parameters ?? {}, 2, warn),
    });
  }
  for (const [id, config] of Object.entries(document.bridges ?? {})) {
    const device = applyCommonV2(baseDevice("bridge", id, id), config, warn);
    model.devices.push({
      ...device,
      members: config.interfaces ?? [],
      parameters: normalizeBridgeParametersV2(config.parameters ?? {}, warn),
    });
  }
  for (const [id, config] of Object.entries(document.vlans ?? {})) {
    if (config.id === undefined || config.link === undefined) {
      throw new InputError(
        `Invalid VLAN "${id}": id or link is missing. Add the VLAN id and the id of the device it runs on.`,
      );
    }
    const device = applyCommonV2(baseDevice("vlan", id, id), config, warn);
    model.devices.push({ ...device, vlanId: config.id, link: config.link });
  }

  checkReferences(model.devices);
  return model;
}

function parseEthernet(
  id: string,
  config: V2Ethernet,
  warn: (message: string) => void,
): PhysicalDevice {
  const match = config.match;
  const setName = config["set-name"];
  let name: string | undefined = id;
  if (match !== undefined) name = setName;
  else if (setName !== undefined && setName !== id) {
    warn(`Ignoring set-name "${setName}" of ethernet "${id}": a rename needs a match block.`);
  }

  const device = applyCommonV2(baseDevice("physical", id, name), config as V2DeviceConfig, warn);
  return {
    ...device,
    match: {
      macAddress: normalizeMac(match?.macaddress),
      name: match?.name,
      driver: match?.driver,
    },
    setName: match !== undefined ? setName : undefined,
  };
}

function checkReferences(devices: Device[]): void {
  const ids = new Set(devices.map((device) => device.id));
  const requireId = (owner: Device, reference: string, role: string) => {
    if (ids.has(reference)) return;
    throw new InputError(
      `Invalid ${owner.kind} "${owner.id}": its ${role} "${reference}" is not defined. ` +
        `Define "${reference}" under ethernets, bonds, bridges or vlans, or remove the reference.`,
    );
  };
  for (const device of devices) {
    if (device.kind === "bond" || device.kind === "bridge") {
      device.members.forEach((member) => requireId(device, member, "interface"));
    } else if (device.kind === "vlan") {
      requireId(device, device.link, "link");
    }
  }
}
