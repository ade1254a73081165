/**
 * Turns the options of an authorized_keys line into the restrictions a session
 * must honour. Options that cannot be honoured reject the key: `from=` needs a
 * source address, which vsock and Hyper-V sockets do not provide, and an
 * unknown option might restrict something this server would silently allow.
 */

import type { AuthorizedKeyOption } from "./authorized_keys.ts";
import { isExpired, parseExpiryTime } from "./expiry_time.ts";

/** A destination `permitopen=` allows; port undefined means any port (`*`). */
export interface PermitOpenRule {
  host: string;
  port?: number;
}

/** Permissions of a session authenticated with one key. */
export interface KeyRestrictions {
  pty: boolean;
  portForwarding: boolean;
  agentForwarding: boolean;
  x11Forwarding: boolean;
  /** Command run in place of the client's (`command=`). */
  forcedCommand?: string;
  /** Destinations `ssh -L` may reach; empty means any. */
  permitOpen: PermitOpenRule[];
  expiresAt?: Date;
}

/** Result of {@linkcode interpretKeyOptions}: the restrictions, or why the key is rejected. */
export type KeyOptionsResult =
  | { accepted: true; restrictions: KeyRestrictions }
  | { accepted: false; option: string; reason: string };

const UNRESTRICTED: Readonly<KeyRestrictions> = {
  pty: true,
  portForwarding: true,
  agentForwarding: true,
  x11Forwarding: true,
  permitOpen: [],
};

/**
 * Applies `options` in order, as sshd does, so `restrict,pty` allows a PTY.
 * A key whose `expiry-time` is unparseable or not after `now` is rejected.
 */
export function interpretKeyOptions(
  options: readonly AuthorizedKeyOption[],
  now: Date,
): KeyOptionsResult {
  const restrictions: KeyRestrictions = { ...UNRESTRICTED, permitOpen: [] };
  for (const option of options) {
    const rejection = applyOption(restrictions, option, now);
    if (rejection !== undefined) return { accepted: false, option: option.name, reason: rejection };
  }
  return { accepted: true, restrictions };
}

function applyOption(
  restrictions: KeyRestrictions,
  option: AuthorizedKeyOption,
  now: Date,
): string | undefined {
  switch (option.name) {
    case "restrict":
      restrictions.pty = false;
      restrictions.portForwarding = false;
      restrictions.agentForwarding = false;
      restrictions.x11Forwarding = false;
      return undefined;
    case "no-pty":
      restrictions.pty = false;
      return undefined;
    case "pty":
      restrictions.pty = true;
      return undefined;
    case "no-port-forwarding":
      restrictions.portForwarding = false;
      return undefined;
    case "port-forwarding":
      restrictions.portForwarding = true;
      return undefined;
    case "no-agent-forwarding":
      restrictions.agentForwarding = false;
      return undefined;
    case "agent-forwarding":
      restrictions.agentForwarding = true;
      return undefined;
    case "no-x11-forwarding":
      restrictions.x11Forwarding = false;
      return undefined;
    case "x11-forwarding":
      restrictions.x11Forwarding = true;
      return undefined;
    case "no-user-rc":
    case "user-rc":
      // This server runs no ~/.ssh/rc, so both are already true.
      return undefined;
    case "command":
      if (option.value === undefined) return "command= needs a value";
      restrictions.forcedCommand = option.value;
      return undefined;
    case "permitopen":
      return addPermitOpen(restrictions, option.value);
    case "expiry-time":
      return applyExpiry(restrictions, option.value, now);
    case "from":
      return "from= cannot be checked because these transports carry no source address";
    default:
      return `the option "${option.name}" is not supported by this server`;
  }
}

function applyExpiry(
  restrictions: KeyRestrictions,
  value: string | undefined,
  now: Date,
): string | undefined {
  const expiresAt = parseExpiryTime(value ?? "");
  if (expiresAt === undefined) {
    return `expiry-time "${value ?? ""}" is not YYYYMMDD[HHMM[SS]][Z] or ISO-8601 extended format`;
  }
  if (isExpired(expiresAt, now)) return `the key expired at ${expiresAt.toISOString()}`;
  restrictions.expiresAt = expiresAt;
  return undefined;
}

function addPermitOpen(
  restrictions: KeyRestrictions,
  value: string | undefined,
): string | undefined {
  const rule = parsePermitOpen(value ?? "");
  if (rule === undefined) return `permitopen "${value ?? ""}" is not host:port`;
  restrictions.permitOpen.push(rule);
  return undefined;
}

/** Parses `host:port`, `[v6]:port` or `host:*`; returns undefined when malformed. */
export function parsePermitOpen(value: string): PermitOpenRule | undefined {
  const match = /^(?:\[([^\]]+)\]|([^:\s]+)):(\*|\d{1,5})$/.exec(value.trim());
  if (match === null) return undefined;
  const host = (match[1] ?? match[2]).toLowerCase();
  if (match[3] === "*") return { host };
  const port = Number(match[3]);
  if (port < 1 || port > 65535) return undefined;
  return { host, port };
}

/** Tells whether `restrictions` allow `ssh -L` to reach `host`:`port`. */
export function permitsOpen(restrictions: KeyRestrictions, host: string, port: number): boolean {
  if (!restrictions.portForwarding) return false;
  if (restrictions.permitOpen.length === 0) return true;
  const requested = host.toLowerCase();
  return restrictions.permitOpen.some((rule) =>
    (rule.host === "*" || rule.host === requested) &&
    (rule.port === undefined || rule.port === port)
  );
}
