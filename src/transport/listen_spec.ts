/**
 * Parsing of `--listen` values. Accepted forms:
 * `vsock` or `vsock:PORT` (Linux guest, default port 5002),
 * `hvsocket` or `hvsocket:SERVICE-ID` (Windows guest, default the EGS service id),
 * `unix:/path` (node:net), `unix-ffi:/path` (the FFI socket and relay path over
 * a unix socket, for development and tests), `tcp:HOST:PORT` (loopback only
 * unless remote TCP is allowed, IPv6 hosts in brackets).
 */

import { UsageError } from "../errors.ts";
import { HV_VMID, isGuid } from "./guid.ts";
import { EGS_SERVICE_ID, EGS_VSOCK_PORT } from "./service_id.ts";

/** A parsed listen address. */
export type ListenSpec =
  | { kind: "vsock"; port: number }
  | { kind: "hvsocket"; vmId: string; serviceId: string }
  | { kind: "unix"; path: string }
  | { kind: "unix-ffi"; path: string }
  | { kind: "tcp"; host: string; port: number };

/** Options of {@linkcode parseListenSpec}. */
export interface ListenSpecOptions {
  /** Accepts TCP addresses that are not loopback (set by `--allow-remote-tcp`). */
  allowRemoteTcp?: boolean;
}

/** Parses a listen spec; throws a UsageError that quotes the value and shows the accepted forms. */
export function parseListenSpec(spec: string, options: ListenSpecOptions = {}): ListenSpec {
  const text = spec.trim();
  const colon = text.indexOf(":");
  const scheme = (colon === -1 ? text : text.slice(0, colon)).toLowerCase();
  const rest = colon === -1 ? undefined : text.slice(colon + 1);

  switch (scheme) {
    case "vsock":
      return { kind: "vsock", port: rest === undefined ? EGS_VSOCK_PORT : parsePort(rest, spec) };
    case "hvsocket":
      return { kind: "hvsocket", vmId: HV_VMID.parent, serviceId: parseServiceId(rest, spec) };
    case "unix":
    case "unix-ffi":
      if (!rest) throw invalid(spec, "a unix socket needs a path, for example unix:/run/egs.sock");
      return { kind: scheme, path: rest };
    case "tcp":
      return parseTcp(rest ?? "", spec, options.allowRemoteTcp ?? false);
    default:
      throw invalid(spec, `unknown transport "${scheme}"`);
  }
}

/** Returns true for 127.0.0.0/8, ::1 and `localhost`. */
export function isLoopbackHost(host: string): boolean {
  const name = host.toLowerCase();
  if (name === "localhost" || name === "::1" || name === "0:0:0:0:0:0:0:1") return true;
  const octets = name.split(".");
  return octets.length === 4 && octets[0] === "127" &&
    octets.every((octet) => /^\d{1,3}$/.test(octet) && Number(octet) <= 255);
}

/** Splits `HOST:PORT` or `[V6]:PORT`; shared with the connect-spec parser. */
export function splitHostPort(text: string, spec: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:\[\]]+)):(\d+)$/.exec(text);
  if (match === null) throw invalid(spec, "expected tcp:HOST:PORT, for example tcp:127.0.0.1:5002");
  const port = parsePort(match[3], spec);
  if (port > 65535) throw invalid(spec, `TCP port ${port} is above 65535`);
  return { host: match[1] ?? match[2], port };
}

function parseTcp(rest: string, spec: string, allowRemote: boolean): ListenSpec {
  const { host, port } = splitHostPort(rest, spec);
  if (!allowRemote && !isLoopbackHost(host)) {
    throw new UsageError(
      `Refusing to listen on non-loopback address "${host}" in "${spec}": the SSH server would ` +
        `be reachable from the network. Use 127.0.0.1 or ::1, or pass --allow-remote-tcp.`,
    );
  }
  return { kind: "tcp", host, port };
}

function parsePort(text: string, spec: string): number {
  const port = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(port) || port > 0xffffffff) {
    throw invalid(spec, `"${text}" is not a port number`);
  }
  return port;
}

function parseServiceId(rest: string | undefined, spec: string): string {
  if (rest === undefined || rest === "") return EGS_SERVICE_ID;
  if (!isGuid(rest)) throw invalid(spec, `"${rest}" is not a service id GUID`);
  return rest.replace(/[{}]/g, "").toLowerCase();
}

function invalid(spec: string, reason: string): UsageError {
  return new UsageError(
    `Invalid listen address "${spec}": ${reason}. Accepted forms: vsock[:PORT], ` +
      `hvsocket[:SERVICE-ID], unix:/path, unix-ffi:/path, tcp:127.0.0.1:PORT.`,
  );
}
