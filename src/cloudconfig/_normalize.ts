/**
 * Builds the {@linkcode TypedCloudConfig} that modules consume from a loaded,
 * merged and validated cloud-config.
 */

import { OperationError } from "../errors.ts";
import { otherKeys } from "./schema/other_keys.ts";
import type {
  TypedCloudConfig,
  TypedCommand,
  TypedPasswordEntry,
  TypedPowerState,
  TypedWriteFile,
} from "./schema/typed_cloud_config.ts";
import { isMapping } from "./schema/_walk.ts";
import { cloudConfigSchema } from "./schema/cloud_config.ts";
import { DEFAULT_FILE_MODE, parseFileMode } from "./file_mode.ts";
import { formatProblem } from "./problem.ts";
import { problemsFromIssues } from "./_issues.ts";
import { normalizeGroups, normalizeUsers } from "./_normalize_users.ts";
import { normalizeExtras } from "./_normalize_extras.ts";

type Mapping = Record<string, unknown>;

/**
 * Returns the normalised form of `config`. Throws {@linkcode OperationError}
 * listing the schema errors when `config` is invalid, so modules never see a
 * value of the wrong type.
 */
export function normalizeCloudConfig(config: Mapping): TypedCloudConfig {
  const result = cloudConfigSchema.safeParse(config);
  if (!result.success) {
    const problems = problemsFromIssues(result.error.issues, config);
    throw new OperationError(
      `Cannot use the cloud-config: ${problems.length} schema error(s). ` +
        problems.map(formatProblem).join("; "),
    );
  }
  const string = (key: string) =>
    typeof config[key] === "string" ? config[key] as string : undefined;
  const boolean = (key: string) =>
    typeof config[key] === "boolean" ? config[key] as boolean : undefined;
  return {
    hostname: string("hostname"),
    fqdn: string("fqdn"),
    preserveHostname: boolean("preserve_hostname") ?? false,
    preferFqdnOverHostname: boolean("prefer_fqdn_over_hostname"),
    manageEtcHosts: (config.manage_etc_hosts as TypedCloudConfig["manageEtcHosts"]) ?? false,
    users: normalizeUsers(config),
    groups: normalizeGroups(config.groups),
    chpasswd: normalizeChpasswd(config.chpasswd),
    password: string("password"),
    sshPwauth: normalizeSshPwauth(config.ssh_pwauth),
    sshAuthorizedKeys: (config.ssh_authorized_keys as string[] | undefined) ?? [],
    sshKeys: (config.ssh_keys as Record<string, string> | undefined) ?? {},
    sshGenkeytypes: config.ssh_genkeytypes as string[] | undefined,
    disableRoot: boolean("disable_root") ?? true,
    disableRootOpts: string("disable_root_opts"),
    writeFiles: ((config.write_files as Mapping[] | undefined) ?? []).map(normalizeWriteFile),
    runcmd: normalizeCommands(config.runcmd),
    bootcmd: normalizeCommands(config.bootcmd),
    powerState: normalizePowerState(config.power_state),
    timezone: string("timezone"),
    locale: normalizeLocale(config.locale),
    ...normalizeExtras(config),
    notApplied: Object.keys(config).filter((key) => Object.hasOwn(otherKeys, key)),
  };
}

const TRUE_TEXT = new Set(["true", "1", "on", "yes"]);
const FALSE_TEXT = new Set(["false", "0", "off", "no"]);

/** Reads `locale`: false-like text (`false`, `no`, `off`, `0`) turns locale setting off, as in cloud-init. */
function normalizeLocale(value: unknown): string | false | undefined {
  if (typeof value !== "string") return undefined;
  return FALSE_TEXT.has(value.trim().toLowerCase()) ? false : value;
}

/** Reads `ssh_pwauth` as cloud-init does: a boolean, a boolean word, or else `unchanged`. */
export function normalizeSshPwauth(value: unknown): boolean | "unchanged" | undefined {
  if (typeof value === "boolean" || value === undefined) return value;
  const text = String(value).trim().toLowerCase();
  if (TRUE_TEXT.has(text)) return true;
  if (FALSE_TEXT.has(text)) return false;
  return "unchanged";
}

const HASH_PATTERN = /^\$(1|2a|2y|5|6)(\$.+){2}$/;

function normalizeChpasswd(value: unknown): TypedCloudConfig["chpasswd"] {
  if (!isMapping(value)) return undefined;
  const entries: TypedPasswordEntry[] = [];
  if (Array.isArray(value.users)) {
    value.users.forEach((entry: Mapping, index) => {
      const keyPath = `chpasswd.users[${index}]`;
      const password = entry.password as string | undefined;
      const random = entry.type === "RANDOM" || password === "R" || password === "RANDOM";
      let kind: TypedPasswordEntry["kind"] = entry.type === "text" ? "text" : "hash";
      if (random) kind = "random";
      entries.push({
        name: entry.name as string,
        kind,
        password: random ? undefined : password,
        keyPath,
      });
    });
  } else if (value.list !== undefined) {
    const lines = typeof value.list === "string" ? value.list.split("\n") : value.list as string[];
    lines.forEach((line, index) => {
      const separator = line.indexOf(":");
      if (separator <= 0) return;
      const name = line.slice(0, separator).trim();
      const password = line.slice(separator + 1).trim();
      const keyPath = Array.isArray(value.list) ? `chpasswd.list[${index}]` : "chpasswd.list";
      if (password === "R" || password === "RANDOM") {
        entries.push({ name, kind: "random", keyPath });
      } else {entries.push({
          name,
          kind: HASH_PATTERN.test(password) ? "hash" : "text",
          password,
          keyPath,
        });}
    });
  }
  return { expire: value.expire !== false, entries };
}

const ENCODINGS: Record<string, TypedWriteFile["encoding"]> = {
  "gz": "gzip",
  "gzip": "gzip",
  "gz+base64": "gzip+base64",
  "gzip+base64": "gzip+base64",
  "gz+b64": "gzip+base64",
  "gzip+b64": "gzip+base64",
  "b64": "base64",
  "base64": "base64",
  "text/plain": "text",
};

function normalizeWriteFile(entry: Mapping, index: number): TypedWriteFile {
  const source = isMapping(entry.source)
    ? {
      uri: entry.source.uri as string,
      headers: (entry.source.headers as Record<string, string> | undefined) ?? {},
    }
    : undefined;
  const permissions = entry.permissions as string | undefined;
  return {
    path: entry.path as string,
    content: (entry.content as string | Uint8Array | undefined) ?? "",
    encoding: ENCODINGS[(entry.encoding as string | undefined) ?? "text/plain"],
    source,
    owner: (entry.owner as string | undefined) ?? "root:root",
    mode: permissions === undefined
      ? DEFAULT_FILE_MODE
      : parseFileMode(permissions) ?? DEFAULT_FILE_MODE,
    append: entry.append === true,
    defer: entry.defer === true,
    keyPath: `write_files[${index}]`,
  };
}

function normalizeCommands(value: unknown): TypedCommand[] {
  if (!Array.isArray(value)) return [];
  const commands: TypedCommand[] = [];
  for (const entry of value) {
    if (Array.isArray(entry)) commands.push({ kind: "argv", argv: entry as string[] });
    else if (typeof entry === "string") commands.push({ kind: "shell", command: entry });
  }
  return commands;
}

function normalizePowerState(value: unknown): TypedPowerState | undefined {
  if (!isMapping(value)) return undefined;
  const delay = value.delay;
  const delayMinutes = typeof delay === "number"
    ? delay
    : typeof delay === "string" && delay !== "now"
    ? Number(delay.replace(/^\+/, ""))
    : 0;
  return {
    mode: value.mode as TypedPowerState["mode"],
    delayMinutes,
    message: value.message as string | undefined,
    timeoutSeconds: (value.timeout as number | undefined) ?? 30,
    condition: (value.condition as TypedPowerState["condition"] | undefined) ?? true,
  };
}
