/**
 * GUIDs in the binary order Windows uses in `SOCKADDR_HV`: Data1 (4 bytes),
 * Data2 and Data3 (2 bytes each) little-endian, Data4 (8 bytes) as written.
 */

const GUID_PATTERN =
  /^\{?([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})\}?$/i;

/** Hyper-V socket VM ids that name a group of partitions instead of one VM. */
export const HV_VMID = {
  /** Any partition; a listener bound to it accepts from every partner. */
  wildcard: "00000000-0000-0000-0000-000000000000",
  /** The child partitions of the host, used by a host-side listener. */
  children: "90db8b89-0d35-4f79-8ce9-49ea0ac8b7cd",
  /** The parent partition, which a guest binds to so the host can connect. */
  parent: "a42e7cda-d03f-480c-9cc2-a4de20abb878",
  /** The partition itself. */
  loopback: "e0e16197-dd56-4a10-9195-5ee7a155a838",
} as const;

/** Returns true when `text` is a GUID in the 8-4-4-4-12 form, with or without braces. */
export function isGuid(text: string): boolean {
  return GUID_PATTERN.test(text.trim());
}

/** Encodes a GUID string into its 16 bytes in Windows binary order; throws a RangeError on bad input. */
export function guidToBytes(text: string): Uint8Array<ArrayBuffer> {
  const match = GUID_PATTERN.exec(text.trim());
  if (match === null) {
    throw new RangeError(
      `Invalid GUID "${text}": expected the form 0000138a-facb-11e6-bd58-64006a7986d3.`,
    );
  }
  const bytes = new Uint8Array(16);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, parseInt(match[1], 16), true);
  view.setUint16(4, parseInt(match[2], 16), true);
  view.setUint16(6, parseInt(match[3], 16), true);
  const tail = match[4] + match[5];
  for (let i = 0; i < 8; i++) bytes[8 + i] = parseInt(tail.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/** Decodes 16 bytes in Windows binary order into a lower-case GUID string. */
export function bytesToGuid(bytes: Uint8Array): string {
  if (bytes.length !== 16) {
    throw new RangeError(`Invalid GUID bytes: expected 16 bytes, got ${bytes.length}.`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, 16);
  const hex = (value: number, digits: number) => value.toString(16).padStart(digits, "0");
  const tail = Array.from(bytes.subarray(8), (byte) => hex(byte, 2)).join("");
  return [
    hex(view.getUint32(0, true), 8),
    hex(view.getUint16(4, true), 4),
    hex(view.getUint16(6, true), 4),
    tail.slice(0, 4),
    tail.slice(4),
  ].join("-");
}
