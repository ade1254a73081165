/**
 * The one place that picks a transport implementation for a listen or
 * connect spec, and checks that the running system supports it.
 */

import { NotSupportedError } from "../errors.ts";
import type { ConnectSpec } from "./connect_spec.ts";
import { FfiConnector } from "./ffi_connector.ts";
import { FfiListener } from "./ffi_listener.ts";
import { HvSocketConnector, HvSocketListener } from "./hvsocket.ts";
import type { ListenSpec } from "./listen_spec.ts";
import type { Connector, Listener } from "./listener.ts";
import { NetConnector } from "./net_connector.ts";
import { NetListener } from "./net_listener.ts";

/** Starts listening on `spec`; throws NotSupportedError for a transport this OS lacks. */
export async function openListener(
  spec: ListenSpec,
  os: string = Deno.build.os,
): Promise<Listener> {
  switch (spec.kind) {
    case "vsock":
      requireOs(os, "linux", "Listening on vsock");
      return FfiListener.listenVsock(spec.port);
    case "hvsocket":
      requireOs(os, "windows", "Listening on a Hyper-V socket");
      return HvSocketListener.listen({ vmId: spec.vmId, serviceId: spec.serviceId });
    case "unix-ffi":
      requireOs(os, "linux", "The unix-ffi transport");
      return await FfiListener.listenUnix(spec.path);
    case "unix":
      return await NetListener.listen({ path: spec.path });
    case "tcp":
      return await NetListener.listen({ host: spec.host, port: spec.port });
  }
}

/** Returns a connector for `spec`; throws NotSupportedError for a transport this OS lacks. */
export function openConnector(spec: ConnectSpec, os: string = Deno.build.os): Connector {
  switch (spec.kind) {
    case "vsock":
      requireOs(os, "linux", "Connecting over vsock");
      return FfiConnector.vsock({ cid: spec.cid, port: spec.port });
    case "hvsocket":
      requireOs(os, "windows", "Connecting over a Hyper-V socket");
      return new HvSocketConnector({ vmId: spec.vmId, serviceId: spec.serviceId });
    case "unix-ffi":
      requireOs(os, "linux", "The unix-ffi transport");
      return FfiConnector.unix(spec.path);
    case "unix":
      return new NetConnector({ path: spec.path });
    case "tcp":
      return new NetConnector({ host: spec.host, port: spec.port });
  }
}

function requireOs(os: string, needed: string, capability: string): void {
  if (os !== needed) throw new NotSupportedError(capability, os);
}
