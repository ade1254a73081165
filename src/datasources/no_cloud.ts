/**
 * The NoCloud datasource: seed directories, a filesystem labelled `cidata`,
 * an explicit `--seed`, `seedfrom` URLs and `ds=nocloud` hints from the
 * kernel command line or the DMI product serial. As in cloud-init, a seed
 * counts only when it has both `meta-data` and `user-data`, and hint values
 * override the seed's meta-data.
 */

import { getLogger } from "../log/logging.ts";
import { redactUrl } from "../userdata/fetcher.ts";
import { findSeedLocations } from "./find_seed_locations.ts";
import {
  normalizePublicKeys,
  optionalString,
  parseMetaData,
  parseNetworkConfig,
} from "./meta_data.ts";
import { type NoCloudHint, parseNoCloudHint } from "./no_cloud_hint.ts";
import { type ProbeContext, readOptionalText } from "./probe_context.ts";
import { openSeed } from "./seed_media.ts";
import { readSeedFrom, SeedFromUnavailableError } from "./seed_from.ts";
import {
  type DataSource,
  FALLBACK_INSTANCE_ID,
  type FoundData,
  type ProbeResult,
} from "./types.ts";

const log = getLogger("datasources", "nocloud");

interface SeedContent {
  source: string;
  metaData: Record<string, unknown>;
  userData?: Uint8Array;
  vendorData?: Uint8Array;
  networkConfig?: Uint8Array;
}

/** The NoCloud datasource. */
export const noCloudDataSource: DataSource = {
  name: "NoCloud",
  probe: probeNoCloud,
};

async function probeNoCloud(context: ProbeContext): Promise<ProbeResult> {
  const hint = context.seed === undefined ? await readHint(context) : undefined;

  const seed = await readFirstSeed(context);

  const seedFrom = hint?.hint.seedFrom ?? optionalString(seed?.metaData.seedfrom);
  let content = seed;
  if (seedFrom !== undefined) {
    try {
      content = await mergeSeedFrom(seedFrom, seed, context);
    } catch (error) {
      if (!(error instanceof SeedFromUnavailableError)) throw error;
      return { kind: "not-ready", reason: error.message };
    }
  }

  if (content === undefined && hint === undefined) return { kind: "not-here" };
  return toFoundData(content ?? { source: hint!.source, metaData: {} }, hint?.hint);
}

async function readHint(
  context: ProbeContext,
): Promise<{ hint: NoCloudHint; source: string } | undefined> {
  const settings = context.dataSourceSettings;
  for (const path of [settings.kernelCommandLinePath, settings.productSerialPath]) {
    const text = await readOptionalText(context, path);
    const hint = text === undefined ? undefined : parseNoCloudHint(text);
    if (hint !== undefined) return { hint, source: path };
  }
  return undefined;
}

async function readFirstSeed(context: ProbeContext): Promise<SeedContent | undefined> {
  for (const location of await findSeedLocations(context, context.dataSourceSettings.noCloud)) {
    let seed;
    try {
      seed = await openSeed(location, context);
    } catch (error) {
      log.warning("Cannot open NoCloud seed {location}: {message}", {
        location,
        message: (error as Error).message,
      });
      continue;
    }
    try {
      const metaData = await seed.readFile("meta-data");
      const userData = await seed.readFile("user-data");
      if (metaData === undefined || userData === undefined) {
        if (metaData !== undefined || userData !== undefined) {
          log.warning("Skipping NoCloud seed {location}: it needs both meta-data and user-data.", {
            location,
          });
        }
        continue;
      }
      return {
        source: seed.source,
        metaData: parseMetaData(metaData, `${seed.source}/meta-data`),
        userData,
        vendorData: await seed.readFile("vendor-data"),
        networkConfig: await seed.readFile("network-config"),
      };
    } finally {
      await seed.close();
    }
  }
  return undefined;
}

async function mergeSeedFrom(
  seedFrom: string,
  seed: SeedContent | undefined,
  context: ProbeContext,
): Promise<SeedContent> {
  const files = await readSeedFrom(seedFrom, context);
  // A seedfrom URL may carry credentials, so only its redacted form is shown.
  const source = redactUrl(new URL(seedFrom));
  if (files.metaData === undefined) {
    throw new SeedFromUnavailableError(`The seedfrom location ${source} has no meta-data yet.`);
  }
  log.info("Read NoCloud seed files from {source}.", { source });
  return {
    source,
    // The fetched meta-data wins over the local seed's, as in cloud-init.
    metaData: { ...seed?.metaData, ...parseMetaData(files.metaData, `${source} meta-data`) },
    userData: files.userData ?? seed?.userData,
    vendorData: files.vendorData ?? seed?.vendorData,
    networkConfig: files.networkConfig ?? seed?.networkConfig,
  };
}

function toFoundData(content: SeedContent, hint: NoCloudHint | undefined): FoundData {
  const metaData = { ...content.metaData, ...hint?.metaData };
  const instanceId = optionalString(metaData["instance-id"]);
  if (instanceId === undefined) {
    log.warning("NoCloud meta-data from {source} has no instance-id; using {fallback}.", {
      source: content.source,
      fallback: FALLBACK_INSTANCE_ID,
    });
  }
  const publicKeys = normalizePublicKeys(metaData["public-keys"]);
  // NOTE: the legacy `network-interfaces` meta-data key (ENI text) is kept in
  // metaData but not converted into networkConfig.
  return {
    kind: "data",
    datasource: "NoCloud",
    instanceId: instanceId ?? FALLBACK_INSTANCE_ID,
    metaData,
    userData: content.userData,
    vendorData: content.vendorData,
    networkConfig: content.networkConfig === undefined
      ? undefined
      : parseNetworkConfig(content.networkConfig, `${content.source}/network-config`),
    localHostname: optionalString(metaData["local-hostname"]),
    publicKeys: publicKeys.length > 0 ? publicKeys : undefined,
    source: content.source,
  };
}
