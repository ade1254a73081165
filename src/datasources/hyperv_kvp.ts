/**
 * The HyperVKvp datasource: user-data, meta-data, vendor-data and
 * network-config pushed by the host into the external KVP pool, in the key
 * layout of `kvp_payload.ts`. A payload still being written is "not ready".
 * After reading, the pool files are set to mode 0600 because the external
 * pool carries user-data and hv_kvp_daemon creates them world-readable.
 */

import { join } from "../path/path.ts";
import { KvpPoolId } from "../kvp/pool.ts";
import { getLogger } from "../log/logging.ts";
import { KVP_PAYLOAD_NAMES, readKvpPayload, sha256Hex } from "./kvp_payload.ts";
import {
  normalizePublicKeys,
  optionalString,
  parseMetaData,
  parseNetworkConfig,
} from "./meta_data.ts";
import { hostPath, type ProbeContext } from "./probe_context.ts";
import type { DataSource, ProbeResult } from "./types.ts";

const log = getLogger("datasources", "kvp");

/** The Hyper-V KVP datasource. */
export const hyperVKvpDataSource: DataSource = {
  name: "HyperVKvp",
  probe: probeHyperVKvp,
};

async function probeHyperVKvp(context: ProbeContext): Promise<ProbeResult> {
  if (context.seed !== undefined) return { kind: "not-here" };
  const settings = context.dataSourceSettings.hyperVKvp;
  const poolDirectory = context.kvpDir ?? hostPath(context, settings.poolDirectory);
  const entries = await context.openKvpStore(poolDirectory).pool(KvpPoolId.External).readAll();
  await restrictPoolFiles(poolDirectory);

  const payloads: Record<string, Uint8Array | undefined> = {};
  for (const name of KVP_PAYLOAD_NAMES) {
    const payload = await readKvpPayload(entries, name, settings.keyPrefix);
    if (payload.state === "incomplete") return { kind: "not-ready", reason: payload.reason };
    payloads[name] = payload.state === "complete" ? payload.bytes : undefined;
  }
  const userData = payloads["user-data"];
  const metaBytes = payloads["meta-data"];
  if (userData === undefined && metaBytes === undefined) return { kind: "not-here" };

  const source = `KVP pool ${join(poolDirectory, ".kvp_pool_0")}`;
  const metaData = metaBytes === undefined ? {} : parseMetaData(metaBytes, `${source} meta-data`);
  const instanceId = optionalString(metaData["instance-id"]) ??
    await derivedInstanceId(userData, metaBytes);
  const networkBytes = payloads["network-config"];
  const publicKeys = normalizePublicKeys(metaData["public-keys"]);
  log.info("Found provisioning data in {source}.", { source });
  return {
    kind: "data",
    datasource: "HyperVKvp",
    instanceId,
    metaData: { ...metaData, "instance-id": instanceId },
    userData,
    vendorData: payloads["vendor-data"],
    networkConfig: networkBytes === undefined
      ? undefined
      : parseNetworkConfig(networkBytes, `${source} network-config`),
    localHostname: optionalString(metaData["local-hostname"]),
    publicKeys: publicKeys.length > 0 ? publicKeys : undefined,
    source,
  };
}

/**
 * Derives an instance id from the payloads when meta-data names none, so a
 * host that pushes new data gets a new instance and per-instance modules run
 * again.
 */
async function derivedInstanceId(
  userData: Uint8Array | undefined,
  metaData: Uint8Array | undefined,
): Promise<string> {
  const joined = new Uint8Array([...userData ?? [], 0, ...metaData ?? []]);
  return `iid-kvp-${(await sha256Hex(joined)).slice(0, 16)}`;
}

async function restrictPoolFiles(directory: string): Promise<void> {
  for (let id = KvpPoolId.External; id <= KvpPoolId.AutoInternal; id++) {
    const path = join(directory, `.kvp_pool_${id}`);
    try {
      await Deno.chmod(path, 0o600);
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) continue;
      // Windows keeps the pools in the registry, where chmod does not apply.
      if (error instanceof Deno.errors.NotSupported) return;
      log.warning("Cannot set mode 0600 on {path}: {message}", {
        path,
        message: (error as Error).message,
      });
    }
  }
}
