/**
 * Conversion between vsock ports and Hyper-V socket service ids. Hyper-V maps
 * a vsock port to the service id whose first four bytes (Data1) are the port
 * and whose other twelve bytes are those of a fixed template.
 */

import { bytesToGuid, guidToBytes } from "./guid.ts";

/** The service id template; Data1 is replaced by the port. */
export const VSOCK_SERVICE_TEMPLATE = "00000000-facb-11e6-bd58-64006a7986d3";

/** vsock port of eryph guest services. */
export const EGS_VSOCK_PORT = 5002;

/** Hyper-V socket service id of eryph guest services (port 5002). */
export const EGS_SERVICE_ID = "0000138a-facb-11e6-bd58-64006a7986d3";

/** Returns the Hyper-V service id for a vsock port (0 to 2^32-1). */
export function portToServiceId(port: number): string {
  if (!Number.isInteger(port) || port < 0 || port > 0xffffffff) {
    throw new RangeError(`Invalid vsock port ${port}: expected an integer from 0 to 4294967295.`);
  }
  const bytes = guidToBytes(VSOCK_SERVICE_TEMPLATE);
  new DataView(bytes.buffer).setUint32(0, port, true);
  return bytesToGuid(bytes);
}

/**
 * Returns the vsock port of a Hyper-V service id. Throws a RangeError when the
 * id does not follow the vsock template, because then no port maps to it.
 */
export function serviceIdToPort(serviceId: string): number {
  const bytes = guidToBytes(serviceId);
  const template = guidToBytes(VSOCK_SERVICE_TEMPLATE);
  for (let i = 4; i < 16; i++) {
    if (bytes[i] !== template[i]) {
      throw new RangeError(
        `Service id "${serviceId}" is not a vsock service id: bytes 4 to 15 must match ${VSOCK_SERVICE_TEMPLATE}.`,
      );
    }
  }
  return new DataView(bytes.buffer).getUint32(0, true);
}
