/**
 * The datasource locator: probes the datasources in priority order (or the
 * order of `dataSources.dataSourceList`) and, while any reports "not ready",
 * probes again with exponential backoff until the shared readiness budget
 * (`readinessTimeoutMinutes`) runs out. Finding nothing is a normal result.
 */

import { EgsError, NotSupportedError, OperationError } from "../errors.ts";
import { getLogger } from "../log/logging.ts";
import { azureDataSource } from "./azure.ts";
import { configDriveDataSource } from "./config_drive.ts";
import { hyperVKvpDataSource } from "./hyperv_kvp.ts";
import { noCloudDataSource } from "./no_cloud.ts";
import type { ProbeContext } from "./probe_context.ts";
import type { DataSource, FoundData, ProbeResult } from "./types.ts";

/** Every datasource, in the default priority order. */
export const ALL_DATA_SOURCES: readonly DataSource[] = [
  azureDataSource,
  noCloudDataSource,
  configDriveDataSource,
  hyperVKvpDataSource,
];

/** No datasource had data; `notReady` lists those still incomplete when the budget ran out. */
export interface NoDataSource {
  kind: "none";
  notReady: { datasource: string; reason: string }[];
}

/** Time and waiting, injected so tests run without real delays. */
export interface LocatorClock {
  /** Milliseconds since an arbitrary origin. */
  now(): number;
  sleep(milliseconds: number): Promise<void>;
}

const realClock: LocatorClock = {
  now: () => performance.now(),
  sleep: (milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds)),
};

const log = getLogger("datasources", "locator");

/**
 * Selects datasources by the names in `list` (case-insensitive), keeping the
 * list's order. Unknown names are warned about; a list with no known name,
 * or no list, selects all of `available`.
 */
export function selectDataSources(
  list: readonly string[] | undefined,
  available: readonly DataSource[] = ALL_DATA_SOURCES,
): DataSource[] {
  if (list === undefined) return [...available];
  const selected: DataSource[] = [];
  for (const name of list) {
    const match = available.find((source) => source.name.toLowerCase() === name.toLowerCase());
    if (match === undefined) {
      log.warning("Unknown datasource {name} in dataSources.dataSourceList; known: {known}.", {
        name,
        known: available.map((source) => source.name).join(", "),
      });
    } else if (!selected.includes(match)) {
      selected.push(match);
    }
  }
  return selected.length > 0 ? selected : [...available];
}

/**
 * Probes until one datasource returns data, none is pending, or the
 * readiness budget is spent. Throws the `InputError` of a seed that cannot be
 * parsed, and an `OperationError` naming the datasource for other failures.
 */
export async function locateDataSource(
  context: ProbeContext,
  options: { dataSources?: readonly DataSource[]; clock?: LocatorClock } = {},
): Promise<FoundData | NoDataSource> {
  const settings = context.settings.dataSources;
  const clock = options.clock ?? realClock;
  const sources = selectDataSources(settings.dataSourceList, options.dataSources);
  const deadline = clock.now() + settings.readinessTimeoutMinutes * 60_000;
  let backoff = settings.minBackoffSeconds * 1000;

  for (let attempt = 1;; attempt++) {
    const notReady: NoDataSource["notReady"] = [];
    for (const source of sources) {
      const result = await probe(source, context);
      if (result.kind === "data") {
        // Only these fields are logged, because the payloads are secrets.
        log.info("Datasource {datasource} found at {source}, instance {instanceId}.", {
          datasource: result.datasource,
          source: result.source,
          instanceId: result.instanceId,
        });
        return result;
      }
      if (result.kind === "not-ready") {
        log.info("Datasource {datasource} is not ready: {reason}", {
          datasource: source.name,
          reason: result.reason,
        });
        notReady.push({ datasource: source.name, reason: result.reason });
      }
    }

    const remaining = deadline - clock.now();
    if (notReady.length === 0) {
      log.info("No datasource found.", {});
      return { kind: "none", notReady };
    }
    if (remaining <= 0) {
      log.warning(
        "Timed out after {minutes} min and {attempt} attempts waiting for datasources that are not ready; continuing without one.",
        { minutes: settings.readinessTimeoutMinutes, attempt },
      );
      return { kind: "none", notReady };
    }
    await clock.sleep(Math.min(backoff, remaining));
    backoff = Math.min(Math.max(backoff * 2, 1), settings.maxBackoffSeconds * 1000);
  }
}

async function probe(source: DataSource, context: ProbeContext): Promise<ProbeResult> {
  try {
    return await source.probe(context);
  } catch (error) {
    if (error instanceof NotSupportedError) return { kind: "not-here" };
    if (error instanceof EgsError) throw error;
    throw new OperationError(
      `Datasource ${source.name} failed: ${(error as Error).message}`,
      { cause: error },
    );
  }
}
