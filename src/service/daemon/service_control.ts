/**
 * The daemon's service-control flags, read once at start from
 * `<config>/service-control.conf`: `KEY=VALUE` lines, keys case-insensitive,
 * `#` starts a comment line. A flag that defaults to on is turned off only by
 * `0` or `false`. A flag that defaults to off is turned on only by `1` or `true`.
 * A missing or unreadable file leaves every flag at its default.
 */

import { join } from "../../path/path.ts";
import { getLogger } from "../../log/logging.ts";

/** The flags the daemon honours. */
export interface ServiceControlFlags {
  provisioningEnabled: boolean;
  remoteAccessEnabled: boolean;
  kvpAuthEnabled: boolean;
  autoUpdateEnabled: boolean;
  portForwardingEnabled: boolean;
}

/** Flag values when the file does not set them. */
export const DEFAULT_SERVICE_CONTROL: Readonly<ServiceControlFlags> = {
  provisioningEnabled: true,
  remoteAccessEnabled: true,
  kvpAuthEnabled: true,
  autoUpdateEnabled: true,
  portForwardingEnabled: false,
};

/** Name of the flags file inside the config directory. */
export const SERVICE_CONTROL_FILE = "service-control.conf";

const KEYS: Record<string, keyof ServiceControlFlags> = {
  provisioningenabled: "provisioningEnabled",
  remoteaccessenabled: "remoteAccessEnabled",
  kvpauthenabled: "kvpAuthEnabled",
  autoupdateenabled: "autoUpdateEnabled",
  portforwardingenabled: "portForwardingEnabled",
};

/** Parses the file's text; unknown keys and malformed lines are passed to `onIgnored`. */
export function parseServiceControl(
  text: string,
  onIgnored: (line: number, text: string) => void = () => {},
): ServiceControlFlags {
  const flags: ServiceControlFlags = { ...DEFAULT_SERVICE_CONTROL };
  text.split(/\r?\n/).forEach((rawLine, index) => {
    const line = rawLine.trim();
    if (line === "" || line.startsWith("#")) return;
    const equals = line.indexOf("=");
    const key = equals === -1 ? undefined : KEYS[line.slice(0, equals).trim().toLowerCase()];
    if (key === undefined) {
      onIgnored(index + 1, line);
      return;
    }
    flags[key] = parseFlag(line.slice(equals + 1), DEFAULT_SERVICE_CONTROL[key]);
  });
  return flags;
}

function parseFlag(raw: string, defaultValue: boolean): boolean {
  const value = raw.trim().replace(/^"(.*)"$/, "$1").toLowerCase();
  if (defaultValue) return !(value === "0" || value === "false");
  return value === "1" || value === "true";
}

/** Reads the flags from `configDir`; a missing or unreadable file yields the defaults. */
export async function readServiceControl(configDir: string): Promise<ServiceControlFlags> {
  const logger = getLogger("service", "daemon");
  const path = join(configDir, SERVICE_CONTROL_FILE);
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) {
      logger.warn("Cannot read {path}; every service-control flag keeps its default: {error}", {
        path,
        error: String(error),
      });
    }
    return { ...DEFAULT_SERVICE_CONTROL };
  }
  return parseServiceControl(
    text,
    (line, content) =>
      logger.warn("Ignored line {line} of {path}: {content} is not a known KEY=VALUE flag", {
        path,
        line,
        content,
      }),
  );
}
