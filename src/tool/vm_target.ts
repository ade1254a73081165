/**
 * The `<VM-ID>` argument of egs-tool commands: a Hyper-V VM GUID, or
 * `cid:<N>` for a guest reached over vsock from a Linux host.
 */

import { UsageError } from "../errors.ts";
import { type ConnectSpec, parseConnectSpec } from "../transport/connect_spec.ts";
import { isGuid } from "../transport/guid.ts";

/** A parsed VM id. */
export interface VmTarget {
  /** The id as the user should retype it: a lower-case GUID, or `cid:<N>`. */
  id: string;
  /** File-name and host-name form: the lower-case GUID, or `cid-<N>`. */
  name: string;
  /** Address of the guest's SSH service when no `--transport` overrides it. */
  connect: ConnectSpec;
}

/** Parses a VM id; throws a UsageError quoting it when it is neither a GUID nor `cid:<N>`. */
export function parseVmTarget(text: string): VmTarget {
  const trimmed = text.trim();
  if (isGuid(trimmed)) {
    const guid = trimmed.replace(/[{}]/g, "").toLowerCase();
    return { id: guid, name: guid, connect: parseConnectSpec(`hvsocket:${guid}`) };
  }
  const cid = /^cid:(\d{1,10})$/i.exec(trimmed)?.[1];
  if (cid !== undefined && Number(cid) <= 0xffffffff) {
    const number = Number(cid);
    return {
      id: `cid:${number}`,
      name: `cid-${number}`,
      connect: parseConnectSpec(`vsock:${number}`),
    };
  }
  throw new UsageError(
    `Invalid VM id "${text}": expected a Hyper-V VM GUID such as ` +
      `"6f1c2e4a-93b1-4c53-9c5e-1d2f3a4b5c6d" or "cid:<N>" for a vsock guest.`,
  );
}

/** Returns the SSH host name of a VM: `<name>.hyper-v.alt`. */
export function vmHostName(target: VmTarget): string {
  return `${target.name}.hyper-v.alt`;
}
