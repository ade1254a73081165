/**
 * Result types of datasource probes. A probe returns data, "not ready yet"
 * (the locator retries within the readiness budget) or "not here" (the
 * locator moves on).
 */

import type { ProbeContext } from "./probe_context.ts";

/** Datasource names in the locator's default priority order. */
export const DATA_SOURCE_NAMES = ["Azure", "NoCloud", "ConfigDrive", "HyperVKvp"] as const;

/** The name of one datasource. */
export type DataSourceName = typeof DATA_SOURCE_NAMES[number];

/** A seed that was found, with its payloads as raw bytes. */
export interface FoundData {
  kind: "data";
  datasource: DataSourceName;
  instanceId: string;
  /** Meta-data in cloud-init's key spelling (`instance-id`, `local-hostname`, ...). */
  metaData: Record<string, unknown>;
  /** User-data bytes exactly as delivered; never decoded here. */
  userData?: Uint8Array;
  /** Set when the source defines user-data as base64 (Azure CustomData only). */
  userDataIsBase64?: boolean;
  vendorData?: Uint8Array;
  /** Second vendor-data payload (OpenStack `vendor_data2.json`), applied after `vendorData`. */
  vendorData2?: Uint8Array;
  /** Parsed network configuration (cloud-init v1 or v2), when the seed has one. */
  networkConfig?: unknown;
  localHostname?: string;
  /** OpenSSH public key lines for the default user. */
  publicKeys?: string[];
  /** Location of the seed: a directory, device, image, URL or KVP pool. */
  source: string;
}

/** The datasource exists but its data is incomplete; the reason is for the log. */
export interface NotReady {
  kind: "not-ready";
  reason: string;
}

/** The datasource does not apply to this machine. */
export interface NotHere {
  kind: "not-here";
}

/** The outcome of one probe. */
export type ProbeResult = FoundData | NotReady | NotHere;

/** A provisioning datasource. */
export interface DataSource {
  readonly name: DataSourceName;
  /**
   * Looks for this datasource's seed. Throws `InputError` when a seed exists
   * but cannot be parsed, because retrying would not help.
   */
  probe(context: ProbeContext): Promise<ProbeResult>;
}

/** Instance id cloud-init reports when a datasource's meta-data has none. */
export const FALLBACK_INSTANCE_ID = "iid-datasource";
