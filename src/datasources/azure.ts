/**
 * The Azure datasource. It applies when the DMI chassis asset tag is Azure's
 * (or `--seed` names media with `ovf-env.xml`). It reads `ovf-env.xml` from
 * the provisioning media and the instance document from IMDS. `CustomData`
 * is returned as base64 text with `userDataIsBase64`, because Azure defines it
 * as base64 and the user-data pipeline decodes it.
 */

import { getLogger } from "../log/logging.ts";
import { fetchImds, imdsCompute, type ImdsResult } from "./azure_imds.ts";
import { findSeedLocations } from "./find_seed_locations.ts";
import { normalizePublicKeys, optionalString } from "./meta_data.ts";
import { type OvfEnvironment, parseOvfEnvironment } from "./ovf_env.ts";
import { type ProbeContext, readOptionalText } from "./probe_context.ts";
import { openSeed } from "./seed_media.ts";
import {
  type DataSource,
  FALLBACK_INSTANCE_ID,
  type FoundData,
  type ProbeResult,
} from "./types.ts";

/** The DMI chassis asset tag of every Azure VM. */
export const AZURE_CHASSIS_ASSET_TAG = "7783-7084-3265-9085-8269-3286-77";

const log = getLogger("datasources", "azure");

/** The Azure datasource. */
export const azureDataSource: DataSource = {
  name: "Azure",
  probe: probeAzure,
};

async function probeAzure(context: ProbeContext): Promise<ProbeResult> {
  const settings = context.dataSourceSettings.azure;
  const assetTag = await readOptionalText(context, settings.chassisAssetTagPath);
  const onAzure = assetTag === AZURE_CHASSIS_ASSET_TAG;
  if (!onAzure && context.seed === undefined) return { kind: "not-here" };

  const ovf = await findOvfEnvironment(context);
  const imds: ImdsResult | undefined = onAzure ? await fetchImds(context) : undefined;
  if (imds !== undefined && !imds.ok) log.warning("{reason}", { reason: imds.reason });

  if (ovf === undefined) {
    if (!onAzure) return { kind: "not-here" };
    if (!imds!.ok) {
      return { kind: "not-ready", reason: `No ovf-env.xml found and ${imds!.reason}.` };
    }
  }
  const document = imds?.ok ? imds.document : undefined;
  return await toFoundData(context, ovf, document);
}

async function findOvfEnvironment(
  context: ProbeContext,
): Promise<{ environment: OvfEnvironment; source: string } | undefined> {
  for (const location of await findSeedLocations(context, context.dataSourceSettings.azure)) {
    let seed;
    try {
      seed = await openSeed(location, context);
    } catch (error) {
      log.debug("Cannot open {location}: {message}", {
        location,
        message: (error as Error).message,
      });
      continue;
    }
    try {
      const bytes = await seed.readFile("ovf-env.xml");
      if (bytes === undefined) continue;
      const source = `${seed.source}/ovf-env.xml`;
      return { environment: parseOvfEnvironment(new TextDecoder().decode(bytes), source), source };
    } finally {
      await seed.close();
    }
  }
  return undefined;
}

async function toFoundData(
  context: ProbeContext,
  ovf: { environment: OvfEnvironment; source: string } | undefined,
  imds: Record<string, unknown> | undefined,
): Promise<FoundData> {
  const compute = imds === undefined ? {} : imdsCompute(imds);
  const osProfile = (compute.osProfile ?? {}) as Record<string, unknown>;
  const environment = ovf?.environment;
  if (environment !== undefined && environment.fingerprintOnlyKeys > 0) {
    log.warning(
      "ovf-env.xml lists {count} SSH key(s) by fingerprint only; they are skipped because EGS does not contact the wireserver.",
      { count: environment.fingerprintOnlyKeys },
    );
  }

  const productUuid = await readOptionalText(
    context,
    context.dataSourceSettings.azure.productUuidPath,
  );
  const instanceId = optionalString(compute.vmId) ?? productUuid?.toLowerCase() ??
    FALLBACK_INSTANCE_ID;
  const localHostname = environment?.hostName ?? optionalString(osProfile.computerName) ??
    optionalString(compute.name);
  const imdsKeys = Array.isArray(compute.publicKeys)
    ? compute.publicKeys.map((key) => key?.keyData)
    : [];
  const publicKeys = normalizePublicKeys([environment?.publicKeys ?? [], imdsKeys]);
  const userName = environment?.userName ?? optionalString(osProfile.adminUsername);

  // NOTE: the administrator password from ovf-env.xml is not carried over;
  // only the user name, keys and CustomData are.
  return {
    kind: "data",
    datasource: "Azure",
    instanceId,
    metaData: {
      "instance-id": instanceId,
      "local-hostname": localHostname,
      azure: {
        userName,
        disableSshPasswordAuthentication: environment?.disableSshPasswordAuthentication,
        imds,
      },
    },
    userData: environment?.customData === undefined
      ? undefined
      : new TextEncoder().encode(environment.customData),
    userDataIsBase64: environment?.customData !== undefined ? true : undefined,
    localHostname,
    publicKeys: publicKeys.length > 0 ? publicKeys : undefined,
    source: ovf?.source ?? context.dataSourceSettings.azure.imdsUrl,
  };
}
