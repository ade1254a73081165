/**
 * The datasource keys read from the loose `dataSources` object of the
 * settings file: where each datasource looks (paths are inside `--root`),
 * which labels and devices it tries, and its endpoints. Keys are matched
 * case-insensitively, like the rest of the settings file.
 */

import { z } from "../zod.ts";
import { getLogger } from "../log/logging.ts";
import type { Settings } from "../settings/settings.ts";

/** Default Azure IMDS endpoint; tests and other clouds point `azure.imdsUrl` elsewhere. */
export const DEFAULT_IMDS_URL = "http://169.254.169.254/metadata/instance?api-version=2021-08-01";

const paths = (values: string[]) => z.array(z.string()).default(values);

const schema = z.object({
  kernelCommandLinePath: z.string().default("/proc/cmdline"),
  productSerialPath: z.string().default("/sys/class/dmi/id/product_serial"),
  noCloud: z.object({
    seedDirectories: paths(["/var/lib/cloud/seed/nocloud", "/var/lib/cloud/seed/nocloud-net"]),
    labels: paths(["cidata", "CIDATA"]),
    devices: paths([]),
  }).prefault({}),
  configDrive: z.object({
    seedDirectories: paths(["/var/lib/cloud/seed/config_drive"]),
    labels: paths(["config-2", "CONFIG-2"]),
    devices: paths([]),
  }).prefault({}),
  azure: z.object({
    chassisAssetTagPath: z.string().default("/sys/class/dmi/id/chassis_asset_tag"),
    productUuidPath: z.string().default("/sys/class/dmi/id/product_uuid"),
    imdsUrl: z.string().default(DEFAULT_IMDS_URL),
    imdsTimeoutSeconds: z.number().positive().default(5),
    seedDirectories: paths(["/var/lib/waagent"]),
    labels: paths([]),
    devices: paths(["/dev/sr0", "/dev/sr1"]),
  }).prefault({}),
  hyperVKvp: z.object({
    poolDirectory: z.string().default("/var/lib/hyperv"),
    keyPrefix: z.string().default("eryph:provisioning"),
  }).prefault({}),
});

/** Datasource settings with every default filled in. */
export type DataSourceSettings = z.output<typeof schema>;

/**
 * Reads the datasource keys from `settings.dataSources`. Invalid values log
 * a warning naming the key, and the defaults apply to the whole group, as for
 * the rest of the settings file.
 */
export function readDataSourceSettings(settings?: Settings): DataSourceSettings {
  const raw = canonicalKeys(settings?.dataSources ?? {}, schema);
  const result = schema.safeParse(raw);
  if (result.success) return result.data;

  const problems = result.error.issues.map((issue) =>
    `dataSources.${issue.path.join(".")}: ${issue.message}`
  );
  getLogger("datasources").warning("Invalid datasource settings ({problems}); using defaults.", {
    problems: problems.join("; "),
  });
  return schema.parse({});
}

function canonicalKeys(value: unknown, shapeSchema: z.ZodType): unknown {
  const inner = unwrap(shapeSchema);
  if (!(inner instanceof z.ZodObject) || typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return value;

  const shape = inner.shape as Record<string, z.ZodType>;
  const byLowerCase = new Map(Object.keys(shape).map((key) => [key.toLowerCase(), key]));
  const output: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const name = byLowerCase.get(key.toLowerCase());
    // Keys this reader does not use (the locator's own keys) are dropped here.
    if (name !== undefined) output[name] = canonicalKeys(child, shape[name]);
  }
  return output;
}

function unwrap(type: z.ZodType): z.ZodType {
  let current = type;
  while ("unwrap" in current && typeof current.unwrap === "function") {
    current = current.unwrap() as z.ZodType;
  }
  const def = current.def as { type?: string; innerType?: z.ZodType };
  if ((def.type === "prefault" || def.type === "default") && def.innerType) {
    return unwrap(def.innerType);
  }
  return current;
}
