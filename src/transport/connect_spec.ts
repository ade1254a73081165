/**
 * Parsing of connector addresses, the client-side counterpart of listen
 * specs: `vsock:CID[:PORT]` (Linux/KVM host, default port 5002),
 * `hvsocket:VM-ID[:SERVICE-ID]` (Windows host, default the EGS service id),
 * `unix:/path`, `unix-ffi:/path` and `tcp:HOST:PORT`.
 */

import { UsageError } from "../errors.ts";
import { isGuid } from "./guid.ts";
import { splitHostPort } from "./listen_spec.ts";
import { EGS_SERVICE_ID, EGS_VSOCK_PORT } from "./service_id.ts";

/** A parsed connector address. */
export type ConnectSpec =
  | { kind: "vsock"; cid: number; port: number }
  | { kind: "hvsocket"; vmId: string; serviceId: string }
  | { kind: "unix"; path: string }
  | { kind: "unix-ffi"; path: string }
  | { kind: "tcp"; host: string; port: number };

/** Parses a connect spec; throws a UsageError that quotes the value and shows the accepted forms. */
export function parseConnectSpec(spec: string): ConnectSpec {
  const text = spec.trim();
  const colon = text.indexOf(":");
  const scheme = (colon === -1 ? text : text.slice(0, colon)).toLowerCase();
  const rest = colon === -1 ? "" : text.slice(colon + 1);

  switch (scheme) {
    case "vsock": {
      const [cidText, portText, extra] = rest.split(":");
      if (extra !== undefined) throw invalid(spec, "expected vsock:CID or vsock:CID:PORT");
      const cid = parseU32(cidText, spec, "CID");
      const port = portText === undefined ? EGS_VSOCK_PORT : parseU32(portText, spec, "port");
      return { kind: "vsock", cid, port };
    }
    case "hvsocket": {
      // A GUID has no colon, so the first colon separates VM id and service id.
      const [vmId, serviceId = EGS_SERVICE_ID, extra] = rest.split(":");
      if (extra !== undefined || !isGuid(vmId) || !isGuid(serviceId)) {
        throw invalid(spec, "expected hvsocket:VM-ID or hvsocket:VM-ID:SERVICE-ID with GUIDs");
      }
      return { kind: "hvsocket", vmId: normalizeGuid(vmId), serviceId: normalizeGuid(serviceId) };
    }
    case "unix":
    case "unix-ffi":
      if (!rest) throw invalid(spec, "a unix socket needs a path, for example unix:/run/egs.sock");
      return { kind: scheme, path: rest };
    case "tcp":
      return { kind: "tcp", ...splitHostPort(rest, spec) };
    default:
      throw invalid(spec, `unknown transport "${scheme}"`);
  }
}

function parseU32(text: string | undefined, spec: string, what: string): number {
  const value = text !== undefined && /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(value <= 0xffffffff)) throw invalid(spec, `"${text ?? ""}" is not a vsock ${what}`);
  return value;
}

function normalizeGuid(text: string): string {
  return text.replace(/[{}]/g, "").toLowerCase();
}

function invalid(spec: string, reason: string): UsageError {
  return new UsageError(
    `Invalid connect address "${spec}": ${reason}. Accepted forms: vsock:CID[:PORT], ` +
      `hvsocket:VM-ID[:SERVICE-ID], unix:/path, unix-ffi:/path, tcp:HOST:PORT.`,
  );
}
