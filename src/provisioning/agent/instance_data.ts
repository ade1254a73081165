/**
 * The instance data file: facts about the instance in the layout of
 * cloud-init's `instance-data.json` (`v1.*` standard keys and
 * `ds.meta_data`), which jinja templates in user-data read. It is written
 * root-only, because meta-data can carry values that are not public.
 */

import { join } from "../../path/path.ts";
import type { FoundData } from "../../datasources/types.ts";
import { writeFileAtomic } from "../write_file_atomic.ts";

/** File name of the instance data under the state directory. */
export const INSTANCE_DATA_FILE = "instance-data.json";

/** Facts from which {@linkcode buildInstanceData} builds the file. */
export interface InstanceFacts {
  instanceId: string;
  /** Datasource name, or undefined when `--user-data` supplied the payload directly. */
  datasource?: FoundData["datasource"];
  /** Origin of the seed: a directory, image, device, URL or file. */
  source: string;
  metaData: Record<string, unknown>;
  localHostname?: string;
  publicKeys?: string[];
  /** Content of the target's `/etc/os-release`, when it has one. */
  osRelease?: string;
}

const CLOUD_NAMES: Record<string, string> = {
  NoCloud: "nocloud",
  ConfigDrive: "openstack",
  Azure: "azure",
  HyperVKvp: "hyperv-kvp",
};

/** Builds the instance data object with cloud-init's `v1` keys and `ds.meta_data`. */
export function buildInstanceData(facts: InstanceFacts): Record<string, unknown> {
  const cloudName = facts.datasource === undefined
    ? "none"
    : CLOUD_NAMES[facts.datasource] ?? facts.datasource.toLowerCase();
  const release = parseOsRelease(facts.osRelease ?? "");
  const localHostname = facts.localHostname ?? stringValue(facts.metaData["local-hostname"]);
  const v1 = {
    _beta_keys: [],
    availability_zone: stringValue(facts.metaData["availability-zone"]) ?? null,
    cloud_id: cloudName,
    cloud_name: cloudName,
    distro: release.ID ?? null,
    distro_release: release.VERSION_CODENAME ?? null,
    distro_version: release.VERSION_ID ?? null,
    instance_id: facts.instanceId,
    kernel_release: null,
    local_hostname: localHostname ?? null,
    machine: Deno.build.arch,
    platform: cloudName,
    public_ssh_keys: facts.publicKeys ?? [],
    region: stringValue(facts.metaData.region) ?? null,
    subplatform: `${facts.datasource === undefined ? "file" : "seed"} (${facts.source})`,
    system_platform: Deno.build.os,
    variant: release.ID ?? null,
  };
  return { _beta_keys: [], v1, ds: { _doc: "datasource meta-data", meta_data: facts.metaData } };
}

/** Writes the instance data to the state directory, readable by root only; returns its path. */
export async function writeInstanceData(
  stateDir: string,
  data: Record<string, unknown>,
): Promise<string> {
  const path = join(stateDir, INSTANCE_DATA_FILE);
  await writeFileAtomic(path, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
  return path;
}

/** Parses `/etc/os-release` text into its variables, without quotes. */
export function parseOsRelease(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const match = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (match === null) continue;
    values[match[1]] = match[2].replace(/^(["'])(.*)\1$/, "$2");
  }
  return values;
}

function stringValue(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}
