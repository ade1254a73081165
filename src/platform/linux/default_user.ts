/**
 * Resolution of the `default` user entry on Linux: the `defaultUser` setting,
 * else `system_info.default_user` from the target's cloud-init configuration
 * (`/etc/cloud/cloud.cfg`, then `/etc/cloud/cloud.cfg.d/*.cfg` in name
 * order), else `admin` in `adm` and `sudo` (or `wheel`).
 */

import { join } from "../../path/path.ts";
import { FULL_SUDO_RULE, typedUser } from "../../cloudconfig/_normalize_users.ts";
import type { TypedUser } from "../../cloudconfig/schema/typed_cloud_config.ts";
import { loadYaml } from "../../cloudconfig/yaml/mod.ts";
import { getLogger } from "../../log/logging.ts";
import type { Files } from "../types.ts";
import { readAccountDatabase } from "./account_database.ts";
import type { LinuxFiles } from "./linux_files.ts";

type Mapping = Record<string, unknown>;

/** Name of the built-in default user when neither settings nor the image name one. */
export const BUILT_IN_DEFAULT_USER = "admin";

/** The `defaultUser` setting: a name, or a user mapping in cloud-config form. */
export type DefaultUserSetting = string | Mapping | undefined;

/**
 * Returns the default user before overrides. A name from settings gets the
 * built-in groups, sudo rule and shell. A mapping from settings or from the
 * image's configuration is the complete entry, as cloud-init reads `default_user`.
 */
export async function baseDefaultUser(
  files: LinuxFiles,
  setting: DefaultUserSetting,
): Promise<TypedUser> {
  const log = getLogger("platform", "users");
  if (typeof setting === "string" && setting.trim() !== "") {
    return { ...await builtInDefaultUser(files), name: setting.trim() };
  }
  if (isMapping(setting) && typeof setting.name === "string") {
    return markDefault(typedUser(setting, setting.name, "settings.defaultUser"));
  }

  const fromImage = await readImageDefaultUser(files);
  if (fromImage !== undefined) {
    log.info("Using the default user {user} from the target's cloud-init configuration.", {
      user: fromImage.name,
    });
    return fromImage;
  }
  return await builtInDefaultUser(files);
}

/**
 * Applies the fields that a `default` entry in user-data sets over `base`.
 * Typed users carry no record of which keys were present, so a field counts
 * as set when it differs from the value an empty entry gets: non-empty lists
 * and strings replace, flags that differ from their defaults replace.
 */
export function applyDefaultUserOverrides(base: TypedUser, overrides: TypedUser): TypedUser {
  const empty = typedUser({}, "default", overrides.keyPath);
  const merged: TypedUser = { ...base, keyPath: overrides.keyPath, isDefault: true };
  const target = merged as unknown as Mapping;
  for (const [key, value] of Object.entries(overrides)) {
    if (key === "isDefault" || key === "keyPath") continue;
    if (key === "name" && value === "default") continue;
    const unset = (empty as unknown as Mapping)[key];
    if (Array.isArray(value) ? value.length > 0 : value !== undefined && value !== unset) {
      target[key] = value;
    }
  }
  return merged;
}

async function builtInDefaultUser(files: Files): Promise<TypedUser> {
  const accounts = await readAccountDatabase(files);
  const adminGroup = accounts.groups.has("sudo") || !accounts.groups.has("wheel")
    ? "sudo"
    : "wheel";
  return markDefault({
    ...typedUser({}, BUILT_IN_DEFAULT_USER, "default"),
    groups: ["adm", adminGroup],
    sudo: [FULL_SUDO_RULE],
    shell: "/bin/bash",
    lockPasswd: true,
  });
}

async function readImageDefaultUser(files: LinuxFiles): Promise<TypedUser | undefined> {
  let entry: Mapping | undefined;
  for (const path of await cloudConfigFiles(files)) {
    const systemInfo = await readSystemInfo(files, path);
    const value = systemInfo?.default_user;
    // Later files win key by key, as cloud-init merges its configuration files.
    if (isMapping(value)) entry = { ...entry, ...value };
  }
  if (entry === undefined || typeof entry.name !== "string") return undefined;
  return markDefault(typedUser(entry, entry.name, "system_info.default_user"));
}

async function cloudConfigFiles(files: LinuxFiles): Promise<string[]> {
  const paths = ["/etc/cloud/cloud.cfg"];
  try {
    const names: string[] = [];
    for await (const item of Deno.readDir(await files.hostPath("/etc/cloud/cloud.cfg.d"))) {
      if (item.isFile && item.name.endsWith(".cfg")) names.push(item.name);
    }
    paths.push(...names.sort().map((name) => join("/etc/cloud/cloud.cfg.d", name)));
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  return paths;
}

async function readSystemInfo(files: Files, path: string): Promise<Mapping | undefined> {
  const bytes = await files.read(path);
  if (bytes === undefined) return undefined;
  try {
    const value = loadYaml(new TextDecoder().decode(bytes), { file: path });
    return isMapping(value) && isMapping(value.system_info) ? value.system_info : undefined;
  } catch (error) {
    getLogger("platform", "users").warning(
      "Ignoring {path} while looking for the default user: {error}",
      { path, error: error instanceof Error ? error.message : String(error) },
    );
    return undefined;
  }
}

function markDefault(user: TypedUser): TypedUser {
  return { ...user, isDefault: true };
}

function isMapping(value: unknown): value is Mapping {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
