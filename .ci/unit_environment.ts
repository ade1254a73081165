/**
 * Reads the environment that the systemd unit in installers/linux sets, so
 * that the compiled binary and the benchmarks use the memory settings that
 * ship.
 */

import { join } from "node:path";

const UNIT_FILE = join(
  import.meta.dirname!,
  "..",
  "installers",
  "linux",
  "eryph-guest-services.service",
);

/**
 * Reads the variables that the unit's `Environment=` lines set. The unit
 * quotes no values, so splitting at white space is enough.
 */
export async function unitEnvironment(): Promise<Record<string, string>> {
  const unit = await Deno.readTextFile(UNIT_FILE);
  const env: Record<string, string> = {};
  for (const match of unit.matchAll(/^Environment=(.+)$/gm)) {
    for (const assignment of match[1].trim().split(/\s+/)) {
      const equals = assignment.indexOf("=");
      env[assignment.slice(0, equals)] = assignment.slice(equals + 1);
    }
  }
  if (!env.DENO_V8_FLAGS) {
    throw new Error(`${UNIT_FILE} sets no Environment=DENO_V8_FLAGS=...; add it.`);
  }
  return env;
}

/** Formats the variables of `env` other than HOME and TERM for output. */
export function describeEnvironment(env: Record<string, string>): string {
  const variables = Object.entries(env).filter(([name]) => name !== "HOME" && name !== "TERM");
  return variables.length === 0
    ? "default settings"
    : variables.map(([name, value]) => `${name}=${value}`).join(" ");
}
