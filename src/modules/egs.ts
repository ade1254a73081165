/** The `egs` module: the eryph service-control flags from `egs.settings`. */

import type { TypedCloudConfig } from "../cloudconfig/schema/typed_cloud_config.ts";
import type { ProvisioningModule } from "../provisioning/module.ts";

/** Path of the service-control file on a Linux target. */
export const LINUX_SERVICE_CONTROL_PATH = "/etc/opt/eryph/guest-services/service-control.conf";

type EgsSettings = NonNullable<TypedCloudConfig["egs"]>["settings"];

/** The file's key for each `egs.settings` flag, in the order new lines are added. */
const FLAG_KEYS: ReadonlyArray<[keyof EgsSettings, string]> = [
  ["provisioning", "ProvisioningEnabled"],
  ["remoteAccess", "RemoteAccessEnabled"],
  ["kvpAuth", "KvpAuthEnabled"],
  ["portForwarding", "PortForwardingEnabled"],
];

const HEADER = "# Service-control flags of the eryph guest services; read when the service starts.\n";

/**
 * Sets each flag of `egs.settings` in `text` (the current file, or undefined
 * when there is none) and returns the new text. A line whose key matches
 * (case-insensitive, as the daemon reads it) is replaced in place; other
 * lines and comments stay as they are; missing keys are appended.
 */
export function updateServiceControl(text: string | undefined, settings: EgsSettings): string {
  const pending = new Map<string, string>();
  for (const [flag, key] of FLAG_KEYS) {
    const value = settings[flag];
    if (value !== undefined) pending.set(key.toLowerCase(), `${key}=${value ? 1 : 0}`);
  }
  const lines = text === undefined || text === "" ? [] : text.replace(/\r?\n$/, "").split(/\r?\n/);
  const updated = lines.map((line) => {
    const trimmed = line.trim();
    const equals = trimmed.indexOf("=");
    if (trimmed.startsWith("#") || equals === -1) return line;
    const key = trimmed.slice(0, equals).trim().toLowerCase();
    const replacement = pending.get(key);
    if (replacement === undefined) return line;
    // A repeated key is set once, at its first line; later copies are dropped
    // so the last-one-wins reading of the daemon cannot undo the change.
    pending.set(key, "");
    return replacement;
  }).filter((line, index) => line !== "" || lines[index] === "");
  const added = [...pending.values()].filter((line) => line !== "");
  const head = text === undefined ? [HEADER.trimEnd()] : [];
  return [...head, ...updated, ...added].join("\n") + "\n";
}

/**
 * Writes `egs.settings` into the service-control file of the target,
 * keeping its other lines, with mode 0644. The daemon reads the file at its
 * next start. `egs.update` is only warned about: automatic updates are a
 * Windows feature.
 */
export const egsModule: ProvisioningModule = {
  name: "egs",
  stage: "config",
  frequency: "per-instance",
  activatedBy: ["egs"],
  async handle(context) {
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
    const current = await files.read(LINUX_SERVICE_CONTROL_PATH);
    const before = current === undefined ? undefined : new TextDecoder().decode(current);
    const after = updateServiceControl(before, egs.settings);
    if (after === before) {
      return { status: "unchanged", message: `${LINUX_SERVICE_CONTROL_PATH} already matches` };
    }
    await files.write(LINUX_SERVICE_CONTROL_PATH, new TextEncoder().encode(after), {
      mode: 0o644,
      owner: "root:root",
    });
    context.log.info(
      "Wrote {count} service-control flags to {path}; they take effect at the next start of the guest services.",
      { count: flags.length, path: LINUX_SERVICE_CONTROL_PATH, keys: flags.map(([, key]) => key) },
    );
    return { status: "applied", message: flags.map(([, key]) => key).join(" ") };
  },
};
