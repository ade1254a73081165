/** Transports for the guest SSH server and the host-side tools. */

export type { Connection, Connector, Listener } from "./listener.ts";
export { type ListenSpec, type ListenSpecOptions, parseListenSpec } from "./listen_spec.ts";
export { type ConnectSpec, parseConnectSpec } from "./connect_spec.ts";
export { openConnector, openListener } from "./open_transport.ts";
export { EGS_SERVICE_ID, EGS_VSOCK_PORT } from "./service_id.ts";
