/**
 * The global options every egs-tool command shares (`--transport`,
 * `--kvp-dir`) and the connector and KVP backend they select.
 */

import { resolve } from "../path/path.ts";
import { type HostKvp, openHostKvp } from "../kvp/host/mod.ts";
import { type ConnectSpec, parseConnectSpec } from "../transport/connect_spec.ts";
import type { Connector } from "../transport/listener.ts";
import { openConnector } from "../transport/open_transport.ts";
import type { VmTarget } from "./vm_target.ts";

/** Global options as commander parses them. */
export interface GlobalToolOptions {
  transport?: string;
  kvpDir?: string;
}

/** The resolved global options: absolute paths, so they still hold in a ProxyCommand. */
export interface ToolContext {
  /** `--transport` with a unix socket path made absolute; undefined when not given. */
  transport?: string;
  /** Absolute `--kvp-dir`; undefined when not given. */
  kvpDir?: string;
}

/** Resolves the global options; throws a UsageError for an invalid `--transport`. */
export function resolveToolContext(options: GlobalToolOptions): ToolContext {
  const context: ToolContext = {};
  if (options.kvpDir !== undefined) context.kvpDir = resolve(options.kvpDir);
  if (options.transport !== undefined) {
    const spec = parseConnectSpec(options.transport);
    context.transport = spec.kind === "unix" || spec.kind === "unix-ffi"
      ? `${spec.kind}:${resolve(spec.path)}`
      : options.transport.trim();
  }
  return context;
}

/** Returns the KVP backend: the pool directory, or Hyper-V WMI. */
export function hostKvpOf(context: ToolContext): HostKvp {
  return openHostKvp(context.kvpDir);
}

/** Returns the connector to the guest's SSH service: `--transport`, else the VM's own address. */
export function connectorOf(context: ToolContext, target: VmTarget): Connector {
  const spec: ConnectSpec = context.transport === undefined
    ? target.connect
    : parseConnectSpec(context.transport);
  return openConnector(spec);
}
