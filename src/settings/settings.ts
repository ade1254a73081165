/**
 * The provisioning settings file (`egs-provisioning.json`): its keys, their
 * defaults and the reader. Keys are matched case-insensitively; a file that
 * cannot be read or parsed logs a warning and the defaults apply, because a
 * broken settings file must never stop a VM from booting.
 */

import { join } from "../path/path.ts";
import { z } from "../zod.ts";
import { getLogger } from "../log/logging.ts";
import { parseJsonc } from "./jsonc.ts";
import { type Stage, STAGES } from "./stages.ts";

export { type Stage, STAGES };

const MIB = 1024 * 1024;

const stageSettings = z.object({
  enabledModules: z.array(z.string()).optional(),
  disabledModules: z.array(z.string()).optional(),
});

const positiveInt = z.number().int().positive();

/** Schema of the settings file after key names are normalised. */
export const settingsSchema = z.object({
  userData: z.object({
    maxRecursionDepth: positiveInt.default(10),
    fetchTimeoutSeconds: z.number().positive().default(30),
    fetchMaxAttempts: positiveInt.default(4),
    fetchInitialBackoffSeconds: z.number().nonnegative().default(1),
    fetchMaxBytes: positiveInt.default(10 * MIB),
  }).prefault({}),
  dataSources: z.looseObject({
    readinessTimeoutMinutes: z.number().nonnegative().default(15),
    minBackoffSeconds: z.number().nonnegative().default(1),
    maxBackoffSeconds: z.number().nonnegative().default(60),
    dataSourceList: z.array(z.string()).optional(),
  }).prefault({}),
  reboot: z.object({
    maxPerModule: positiveInt.default(3),
    maxPerScript: positiveInt.default(10),
    allowScriptOverride: z.boolean().default(true),
  }).prefault({}),
  defaultUser: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
  stages: z.object({
    local: stageSettings.optional(),
    network: stageSettings.optional(),
    config: stageSettings.optional(),
    final: stageSettings.optional(),
  }).prefault({}),
  coexistence: z.enum(["defer", "provision"]).default("defer"),
});

/** Settings with every default filled in. */
export type Settings = z.output<typeof settingsSchema>;

/** The settings that apply when no file is present. */
export function defaultSettings(): Settings {
  return settingsSchema.parse({});
}

/** Where {@linkcode loadSettings} looks, in order; the first existing file wins. */
export interface SettingsLocations {
  configDir: string;
  stateDir: string;
}

/** Returns the candidate settings files, most specific first. */
export function settingsCandidates(locations: SettingsLocations): string[] {
  return [
    join(locations.configDir, "egs-provisioning.json"),
    join(locations.stateDir, "settings.json"),
  ];
}

/** Reads the first settings file that exists; returns defaults when none does or it is broken. */
export async function loadSettings(locations: SettingsLocations): Promise<Settings> {
  const log = getLogger("settings");
  for (const path of settingsCandidates(locations)) {
    let text: string;
    try {
      text = await Deno.readTextFile(path);
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) continue;
      log.warning("Cannot read settings file {path}: {error}; using defaults.", { path, error });
      return defaultSettings();
    }
    return parseSettings(text, path);
  }
  return defaultSettings();
}

/** Parses settings text; logs a warning naming the file and returns defaults when it is invalid. */
export function parseSettings(text: string, path = "settings"): Settings {
  const log = getLogger("settings");
  let raw: unknown;
  try {
    raw = parseJsonc(text);
  } catch (error) {
    log.warning("Invalid JSON in settings file {path}: {message}; using defaults.", {
      path,
      message: (error as Error).message,
    });
    return defaultSettings();
  }

  const unknownKeys: string[] = [];
  const normalized = normalizeKeys(raw, settingsSchema, "", unknownKeys);
  for (const key of unknownKeys) {
    log.warning("Unknown key {key} in settings file {path}; it is ignored.", { key, path });
  }

  const result = settingsSchema.safeParse(normalized);
  if (!result.success) {
    const problems = result.error.issues.map((issue) =>
      `${issue.path.join(".")}: ${issue.message}`
    );
    log.warning("Invalid settings in {path} ({problems}); using defaults.", {
      path,
      problems: problems.join("; "),
    });
    return defaultSettings();
  }
  return result.data;
}

/**
 * Renames the keys of `value` to the spelling the schema uses, ignoring case,
 * and collects the paths of keys the schema does not know.
 */
function normalizeKeys(
  value: unknown,
  schema: z.ZodType,
  path: string,
  unknownKeys: string[],
): unknown {
  const objectSchema = unwrapObject(schema);
  if (objectSchema === undefined || !isPlainObject(value)) return value;

  const shape = objectSchema.shape as Record<string, z.ZodType>;
  const canonical = new Map(Object.keys(shape).map((key) => [key.toLowerCase(), key]));
  const loose = objectSchema.def.catchall !== undefined;
  const output: Record<string, unknown> = {};

  for (const [key, child] of Object.entries(value)) {
    const name = canonical.get(key.toLowerCase());
    const childPath = path === "" ? key : `${path}.${key}`;
    if (name === undefined) {
      if (loose) output[key] = child;
      else unknownKeys.push(childPath);
      continue;
    }
    output[name] = normalizeKeys(child, shape[name], childPath, unknownKeys);
  }
  return output;
}

function unwrapObject(schema: z.ZodType): z.ZodObject | undefined {
  let current: z.ZodType = schema;
  for (let depth = 0; depth < 8; depth++) {
    if (current instanceof z.ZodObject) return current;
    const inner = (current.def as { innerType?: z.ZodType }).innerType;
    if (inner === undefined) return undefined;
    current = inner;
  }
  return undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
