/**
 * Builders and parsers for the socket address structures EGS passes to the
 * operating system. Layouts:
 * - `sockaddr_vm` (Linux vsock), 16 bytes: family u16 @0, reserved u16 @2,
 *   port u32 LE @4, cid u32 LE @8, zero padding @12.
 * - `sockaddr_un` (Linux unix), 110 bytes: family u16 @0, path @2 (108 bytes, NUL-terminated).
 * - `SOCKADDR_HV` (Windows Hyper-V socket), 36 bytes: family u16 @0,
 *   reserved u16 @2, VM id @4, service id @20, GUIDs in Windows binary order.
 */

import { bytesToGuid, guidToBytes } from "./guid.ts";

/** Linux address family of vsock. */
export const AF_VSOCK = 40;
/** Linux and Windows address family of unix sockets. */
export const AF_UNIX = 1;
/** Windows address family of Hyper-V sockets. */
export const AF_HYPERV = 34;

/** vsock CID that binds to every local CID. */
export const VMADDR_CID_ANY = 0xffffffff;
/** vsock port that makes bind() pick a free port. */
export const VMADDR_PORT_ANY = 0xffffffff;
/** vsock CID of the local machine (loopback). */
export const VMADDR_CID_LOCAL = 1;
/** vsock CID of the host, as seen from a guest. */
export const VMADDR_CID_HOST = 2;

/** Size of `sockaddr_vm` in bytes. */
export const SOCKADDR_VM_SIZE = 16;
/** Size of `sockaddr_un` in bytes. */
export const SOCKADDR_UN_SIZE = 110;
/** Size of `SOCKADDR_HV` in bytes. */
export const SOCKADDR_HV_SIZE = 36;

const UNIX_PATH_MAX = 108;

/** A vsock address: context id and port. */
export interface VsockAddress {
  cid: number;
  port: number;
}

/** A Hyper-V socket address: VM id and service id, both GUID strings. */
export interface HvSocketAddress {
  vmId: string;
  serviceId: string;
}

/** Builds a `sockaddr_vm`. */
export function buildSockaddrVm(address: VsockAddress): Uint8Array<ArrayBuffer> {
  checkU32("vsock CID", address.cid);
  checkU32("vsock port", address.port);
  const bytes = new Uint8Array(SOCKADDR_VM_SIZE);
  const view = new DataView(bytes.buffer);
  view.setUint16(0, AF_VSOCK, true);
  view.setUint32(4, address.port, true);
  view.setUint32(8, address.cid, true);
  return bytes;
}

/** Parses a `sockaddr_vm`: the port is at offset 4 and the CID at offset 8. */
export function parseSockaddrVm(bytes: Uint8Array): VsockAddress {
  const view = checkedView(bytes, SOCKADDR_VM_SIZE, AF_VSOCK, "sockaddr_vm");
  return { port: view.getUint32(4, true), cid: view.getUint32(8, true) };
}

/** Builds a `sockaddr_un` and returns it with the length to pass to bind or connect. */
export function buildSockaddrUn(path: string): { bytes: Uint8Array<ArrayBuffer>; length: number } {
  const encoded = new TextEncoder().encode(path);
  if (encoded.length === 0 || encoded.length >= UNIX_PATH_MAX) {
    throw new RangeError(
      `Invalid unix socket path "${path}": it must be 1 to ${
        UNIX_PATH_MAX - 1
      } bytes long; use a shorter path.`,
    );
  }
  const bytes = new Uint8Array(SOCKADDR_UN_SIZE);
  new DataView(bytes.buffer).setUint16(0, AF_UNIX, true);
  bytes.set(encoded, 2);
  return { bytes, length: 2 + encoded.length + 1 };
}

/** Parses a `sockaddr_un` of `length` bytes; an unnamed socket has the empty path. */
export function parseSockaddrUn(bytes: Uint8Array, length = bytes.length): string {
  checkedView(bytes, 2, AF_UNIX, "sockaddr_un");
  const path = bytes.subarray(2, Math.min(length, bytes.length));
  const end = path.indexOf(0);
  return new TextDecoder().decode(end === -1 ? path : path.subarray(0, end));
}

/** Builds a `SOCKADDR_HV`. */
export function buildSockaddrHv(address: HvSocketAddress): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(SOCKADDR_HV_SIZE);
  new DataView(bytes.buffer).setUint16(0, AF_HYPERV, true);
  bytes.set(guidToBytes(address.vmId), 4);
  bytes.set(guidToBytes(address.serviceId), 20);
  return bytes;
}

/** Parses a `SOCKADDR_HV` into lower-case GUID strings. */
export function parseSockaddrHv(bytes: Uint8Array): HvSocketAddress {
  checkedView(bytes, SOCKADDR_HV_SIZE, AF_HYPERV, "SOCKADDR_HV");
  return {
    vmId: bytesToGuid(bytes.subarray(4, 20)),
    serviceId: bytesToGuid(bytes.subarray(20, 36)),
  };
}

function checkU32(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new RangeError(`Invalid ${name} ${value}: expected an integer from 0 to 4294967295.`);
  }
}

function checkedView(bytes: Uint8Array, size: number, family: number, name: string): DataView {
  if (bytes.length < size) {
    throw new RangeError(`Invalid ${name}: expected ${size} bytes, got ${bytes.length}.`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const actual = view.getUint16(0, true);
  if (actual !== family) {
    throw new RangeError(`Invalid ${name}: address family is ${actual}, expected ${family}.`);
  }
  return view;
}
