/**
 * The OpenStack ConfigDrive datasource: a filesystem labelled `config-2`
 * (ISO 9660 read directly, VFAT through the read-only mounter), a seed
 * directory, or `--seed`. It reads the newest `openstack/<date>/` version
 * this reader supports, else `openstack/latest`.
 */

import { join } from "../path/path.ts";
import { InputError } from "../errors.ts";
import { getLogger } from "../log/logging.ts";
import { convertNetworkData, type KnownMacs } from "./convert_network_data.ts";
import { findSeedLocations } from "./find_seed_locations.ts";
import { normalizePublicKeys, optionalString, parseMetaData } from "./meta_data.ts";
import { hostPath, type ProbeContext } from "./probe_context.ts";
import { openSeed, type SeedFiles } from "./seed_media.ts";
import type { DataSource, FoundData, ProbeResult } from "./types.ts";

/** OpenStack metadata versions this reader understands, oldest first. */
export const OPENSTACK_VERSIONS = [
  "2012-08-10",
  "2013-04-04",
  "2013-10-17",
  "2015-10-15",
  "2016-06-30",
  "2016-10-06",
  "2017-02-22",
  "2018-08-27",
] as const;

const log = getLogger("datasources", "configdrive");

/** The ConfigDrive datasource. */
export const configDriveDataSource: DataSource = {
  name: "ConfigDrive",
  probe: probeConfigDrive,
};

async function probeConfigDrive(context: ProbeContext): Promise<ProbeResult> {
  for (const location of await findSeedLocations(context, context.dataSourceSettings.configDrive)) {
    let seed: SeedFiles;
    try {
      seed = await openSeed(location, context);
    } catch (error) {
      log.warning("Cannot open ConfigDrive seed {location}: {message}", {
        location,
        message: (error as Error).message,
      });
      continue;
    }
    try {
      const version = await chooseVersion(seed);
      if (version === undefined) continue;
      return await readVersion(seed, version, context);
    } finally {
      await seed.close();
    }
  }
  return { kind: "not-here" };
}

/** Returns the newest known version directory present, else `latest`, else undefined. */
async function chooseVersion(seed: SeedFiles): Promise<string | undefined> {
  const names = (await seed.listDirectory("openstack")) ?? [];
  const present = new Set(names.map((name) => name.toLowerCase()));
  for (const version of [...OPENSTACK_VERSIONS].reverse()) {
    if (present.has(version)) return version;
  }
  return present.has("latest") ? "latest" : undefined;
}

async function readVersion(
  seed: SeedFiles,
  version: string,
  context: ProbeContext,
): Promise<FoundData> {
  const base = `openstack/${version}`;
  const where = (name: string) => `${seed.source}:${base}/${name}`;
  const metaBytes = await seed.readFile(`${base}/meta_data.json`);
  if (metaBytes === undefined) {
    throw new InputError(
      `Invalid ConfigDrive ${seed.source}: ${base}/meta_data.json is missing; add it or remove the drive.`,
      { file: where("meta_data.json") },
    );
  }
  const raw = parseMetaData(metaBytes, where("meta_data.json"));
  const instanceId = optionalString(raw.uuid);
  if (instanceId === undefined) {
    throw new InputError(
      `Invalid ConfigDrive meta_data.json in ${seed.source}: "uuid" is missing; it is the instance id.`,
      { file: where("meta_data.json") },
    );
  }
  const sshKeys = Array.isArray(raw.keys)
    ? raw.keys.filter((key) => key?.type === "ssh").map((key) => key.data)
    : [];
  const publicKeys = normalizePublicKeys([raw.public_keys, sshKeys]);
  const localHostname = optionalString(raw.hostname);

  const networkBytes = await seed.readFile(`${base}/network_data.json`);
  const networkData = networkBytes === undefined
    ? undefined
    : parseMetaData(networkBytes, where("network_data.json"));

  log.info("Found ConfigDrive {version} on {source}.", { version, source: seed.source });
  return {
    kind: "data",
    datasource: "ConfigDrive",
    instanceId,
    metaData: { ...raw, "instance-id": instanceId, "local-hostname": localHostname },
    userData: await seed.readFile(`${base}/user_data`),
    vendorData: await readVendorData(seed, `${base}/vendor_data.json`),
    vendorData2: await readVendorData(seed, `${base}/vendor_data2.json`),
    networkConfig: networkData === undefined
      ? undefined
      : convertNetworkData(networkData, await readKnownMacs(context)),
    localHostname,
    publicKeys: publicKeys.length > 0 ? publicKeys : undefined,
    source: seed.source,
  };
}

/**
 * Extracts the cloud-init part of a vendor-data file as cloud-init's
 * `convert_vendordata` does: a string is the payload, a mapping contributes
 * its `cloud-init` entry, and anything else is ignored.
 */
async function readVendorData(
  seed: SeedFiles,
  path: string,
): Promise<Uint8Array | undefined> {
  const bytes = await seed.readFile(path);
  if (bytes === undefined) return undefined;
  const file = `${seed.source}:${path}`;
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(bytes).trim() || "null");
  } catch (error) {
    throw new InputError(`Invalid JSON in ${file}: ${(error as Error).message}`, { file }, {
      cause: error,
    });
  }
  while (typeof value === "object" && value !== null && !Array.isArray(value)) {
    if (!("cloud-init" in value)) return undefined;
    value = (value as Record<string, unknown>)["cloud-init"];
  }
  if (typeof value === "string") return new TextEncoder().encode(value);
  if (value !== null && value !== undefined) {
    log.warning("Ignoring vendor-data in {file}: only a string is supported.", { file });
  }
  return undefined;
}

/** Reads `/sys/class/net/<name>/address` for every interface inside the root. */
async function readKnownMacs(context: ProbeContext): Promise<KnownMacs> {
  const macs: KnownMacs = new Map();
  const dir = hostPath(context, "/sys/class/net");
  try {
    for await (const entry of Deno.readDir(dir)) {
      try {
        const mac = (await Deno.readTextFile(join(dir, entry.name, "address"))).trim();
        if (mac !== "" && !macs.has(mac.toLowerCase())) macs.set(mac.toLowerCase(), entry.name);
      } catch {
        // Entries without an address file are not network interfaces.
      }
    }
  } catch {
    // Without /sys/class/net (as under --root) links keep the names network_data.json gives.
  }
  return macs;
}
