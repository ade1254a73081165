/**
 * Finds the seed of a run: the user-data file named on the command line, or
 * the first datasource the locator finds (only the `--seed` location when one
 * is given).
 */

import { FALLBACK_INSTANCE_ID, type FoundData } from "../../datasources/types.ts";
import { locateDataSource, type LocatorClock } from "../../datasources/locate_data_source.ts";
import { createProbeContext, type ProbeContextOptions } from "../../datasources/probe_context.ts";
import { InputError, UsageError } from "../../errors.ts";
import { getLogger } from "../../log/logging.ts";
import type { Settings } from "../../settings/settings.ts";
import type { SeedPayload } from "./build_provisioning_input.ts";
import type { InstanceFacts } from "./instance_data.ts";

/** Locations and overrides for the seed search. */
export interface SeedRequest {
  root: string;
  settings: Settings;
  /** `--user-data PATH`: provision from this file instead of a datasource. */
  userDataPath?: string;
  /** `--instance-id ID`: with `--user-data`, the instance id; else overrides the datasource's. */
  instanceId?: string;
  /** `--seed PATH`: a seed directory, image file or device; only it is probed. */
  seed?: string;
  /** `--kvp-dir DIR`: the pool directory HyperVKvp reads instead of `hyperVKvp.poolDirectory`. */
  kvpDir?: string;
  /** Probe context overrides for tests: fetch, KVP store, command runner, mounter. */
  probe?: Omit<ProbeContextOptions, "root" | "settings" | "seed" | "kvpDir">;
  clock?: LocatorClock;
}

/** A seed that was found, ready for the pipeline. */
export interface FoundSeed {
  payload: SeedPayload;
  facts: Omit<InstanceFacts, "osRelease">;
  networkConfig?: unknown;
}

/**
 * Returns the seed, or undefined when no datasource has one. Throws
 * `UsageError` for `--user-data` without `--instance-id`, `InputError` for
 * a user-data file that cannot be read or a seed that cannot be parsed.
 */
export async function findSeed(request: SeedRequest): Promise<FoundSeed | undefined> {
  if (request.userDataPath !== undefined) return await seedFromFile(request);

  const context = createProbeContext({
    ...request.probe,
    root: request.root === "/" ? undefined : request.root,
    settings: request.settings,
    seed: request.seed,
    kvpDir: request.kvpDir,
  });
  const found = await locateDataSource(context, { clock: request.clock });
  if (found.kind === "none") return undefined;
  return seedFromDataSource(found, request.instanceId);
}

/**
 * Throws a {@linkcode UsageError} when `--user-data` comes without
 * `--instance-id`, so a command can reject it before it writes anything.
 */
export function requireInstanceId(
  userDataPath: string,
  instanceId: string | undefined,
): asserts instanceId is string {
  if (instanceId !== undefined) return;
  throw new UsageError(
    `--user-data "${userDataPath}" needs --instance-id ID: the instance id decides which ` +
      "per-instance modules have run already.",
  );
}

async function seedFromFile(request: SeedRequest): Promise<FoundSeed> {
  const path = request.userDataPath!;
  requireInstanceId(path, request.instanceId);
  let userData: Uint8Array;
  try {
    userData = await Deno.readFile(path);
  } catch (error) {
    throw new InputError(`Cannot read user-data "${path}": ${(error as Error).message}.`, {
      file: path,
    }, { cause: error });
  }
  const metaData = { "instance-id": request.instanceId };
  return {
    payload: { instanceId: request.instanceId, metaData, userData, userDataName: path },
    facts: { instanceId: request.instanceId, source: path, metaData },
  };
}

function seedFromDataSource(found: FoundData, instanceIdOverride?: string): FoundSeed {
  const instanceId = instanceIdOverride ?? (found.instanceId || FALLBACK_INSTANCE_ID);
  if (instanceIdOverride !== undefined) {
    getLogger("provisioning", "seed").info(
      "Instance id {instanceId} from --instance-id replaces the datasource's {datasourceId}.",
      { instanceId, datasourceId: found.instanceId },
    );
  }
  const metaData = instanceIdOverride === undefined
    ? found.metaData
    : { ...found.metaData, "instance-id": instanceIdOverride };
  return {
    payload: {
      instanceId,
      datasource: found.datasource,
      metaData,
      userData: found.userData,
      userDataIsBase64: found.userDataIsBase64,
      vendorData: found.vendorData,
      vendorData2: found.vendorData2,
    },
    facts: {
      instanceId,
      datasource: found.datasource,
      source: found.source,
      metaData,
      localHostname: found.localHostname,
      publicKeys: found.publicKeys,
    },
    networkConfig: found.networkConfig,
  };
}
