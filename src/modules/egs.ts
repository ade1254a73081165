/** The `egs` module: the eryph service-control flags from `egs.settings`. */

import type { TypedCloudConfig } from "../cloudconfig/schema/typed_cloud_config.ts";
import type { ModuleContext, ModuleOutcome, ProvisioningModule } from "../provisioning/module.ts";
import { DEFAULT_TARGET_CONFIG_DIR, joinTargetPath, type ModuleOptions } from "./_options.ts";

/** Name of the service-control file inside the config directory. */
export const SERVICE_CONTROL_FILE_NAME = "service-control.conf";

type EgsSettings = NonNullable<TypedCloudConfig["egs"]>["settings"];

/** The file's key for each `egs.settings` flag, in the order new lines are added. */
const FLAG_KEYS: ReadonlyArray<[keyof EgsSettings, string]> = [
  ["provisioning", "ProvisioningEnabled"],
  ["remoteAccess", "RemoteAccessEnabled"],
  ["kvpAuth", "KvpAuthEnabled"],
  ["portForwarding", "PortForwardingEnabled"],
];

const HEADER = "# Service-control flags of the eryph guest services, read when they start.";

/**
 * Sets each flag of `egs.settings` in `text` (the current file, or undefined
 * when there is none) and returns the new text. A line whose key matches
 * (case-insensitive, as the daemon reads it) is replaced in place. Other
 * lines and comments stay as they are, and missing keys are appended.
 */
export function updateServiceControl(text: string | undefined, settings: EgsSettings): string {
  const pending = new Map<string, string>();
  for (const [flag, key] of FLAG_KEYS) {
    const value = settings[flag];
    if (value !== undefined) pending.set(key.toLowerCase(), `${key}=${value ? 1 : 0}`);
  }

  const written = new Set<string>();
  const lines: string[] = text === undefined ? [HEADER] : [];
  const current = text === undefined || text === ""
    ? []
    : text.replace(/\r?\n$/, "").split(/\r?\n/);
  for (const line of current) {
    const key = lineKey(line);
    const replacement = key === undefined ? undefined : pending.get(key);
    if (key === undefined || replacement === undefined) {
      lines.push(line);
    } else if (!written.has(key)) {
      // A repeated key is set once, at its first line. Later copies are
      // dropped, because the daemon reads the last one and would undo the change.
      lines.push(replacement);
      written.add(key);
    }
  }
  for (const [key, line] of pending) {
    if (!written.has(key)) lines.push(line);
  }
  return lines.join("\n") + "\n";
}

/** Returns the lower-case key of a `KEY=VALUE` line, or undefined for comments and other lines. */
function lineKey(line: string): string | undefined {
  const trimmed = line.trim();
  const equals = trimmed.indexOf("=");
  if (trimmed.startsWith("#") || equals === -1) return undefined;
  return trimmed.slice(0, equals).trim().toLowerCase();
}

/**
 * Creates the module that writes `egs.settings` into the service-control
 * file of the target's config directory (`options.configDir`, by default the
 * Linux one), keeping the file's other lines, with mode 0644. The daemon reads
 * the file at its next start. `egs.update` is only warned about: automatic
 * updates are a Windows feature.
 */
export function createEgsModule(options: ModuleOptions = {}): ProvisioningModule {
  const path = joinTargetPath(
    options.configDir ?? DEFAULT_TARGET_CONFIG_DIR,
    SERVICE_CONTROL_FILE_NAME,
  );
  return {
    name: "egs",
    stage: "config",
    frequency: "per-instance",
    activatedBy: ["egs"],
    handle: (context) => writeFlags(context, path),
  };
}

async function writeFlags(context: ModuleContext, path: string): Promise<ModuleOutcome> {
  const egs = context.config.egs;
  if (egs === undefined) return { status: "unchanged", message: "no egs" };
  if (egs.update !== undefined) {
    context.log.warning(
      "egs.update applies to Windows guests only; it is ignored on this guest.",
      { update: egs.update },
    );
  }
  const flags = FLAG_KEYS.filter(([flag]) => egs.settings[flag] !== undefined);
  if (flags.length === 0) return { status: "unchanged", message: "egs.settings sets no flag" };

  const files = context.platform.files;
  const current = await files.read(path);
  const before = current === undefined ? undefined : new TextDecoder().decode(current);
  const after = updateServiceControl(before, egs.settings);
  if (after === before) {
    return { status: "unchanged", message: `${path} already matches` };
  }
  await files.write(path, new TextEncoder().encode(after), { mode: 0o644 });
  context.log.info(
    "Wrote {count} service-control flags to {path}; they take effect at the next start of the guest services.",
    { count: flags.length, path, keys: flags.map(([, key]) => key) },
  );
  return { status: "applied", message: flags.map(([, key]) => key).join(" ") };
}
