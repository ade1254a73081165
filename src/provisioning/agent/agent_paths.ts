/**
 * Where the agent keeps its files: config, state, logs and the KVP pools.
 * Under `--root DIR` each default is the same location inside DIR, so a run
 * against an image never reads or writes the running machine's copies.
 */

import { isAbsolute, join, relative } from "../../path/path.ts";

/** The directories one agent run uses. */
export interface AgentPaths {
  /** Root of the target system; "/" for the running machine. */
  root: string;
  configDir: string;
  stateDir: string;
  logDir: string;
  /** Directory of `.kvp_pool_N` files; undefined selects the system's store (the Windows registry). */
  kvpDir?: string;
  /** True when `root` is not "/": nothing may act on the running machine. */
  hostIsolated: boolean;
}

/** Overrides from the command line; unset values take the defaults of the target. */
export interface AgentPathOverrides {
  root?: string;
  configDir?: string;
  stateDir?: string;
  logDir?: string;
  kvpDir?: string;
  /** Operating system to pick defaults for; tests pass their own. */
  os?: string;
}

const LINUX_DEFAULTS = {
  configDir: "/etc/opt/eryph/guest-services",
  stateDir: "/var/lib/eryph/provisioning",
  logDir: "/var/log/eryph/guest-services",
  kvpDir: "/var/lib/hyperv",
};

/**
 * Resolves the agent's directories. Explicit overrides win; the Linux
 * defaults are placed inside `root`. On Windows the defaults live under
 * `%ProgramData%`, and `root` is not supported there.
 */
export function resolveAgentPaths(overrides: AgentPathOverrides = {}): AgentPaths {
  const root = overrides.root ?? "/";
  const hostIsolated = root !== "/";
  const os = overrides.os ?? Deno.build.os;
  const defaults = os === "windows" ? windowsDefaults() : insideRoot(root);
  return {
    root,
    configDir: overrides.configDir ?? defaults.configDir,
    stateDir: overrides.stateDir ?? defaults.stateDir,
    logDir: overrides.logDir ?? defaults.logDir,
    kvpDir: overrides.kvpDir ?? defaults.kvpDir,
    hostIsolated,
  };
}

/**
 * Returns the folder inside the root where modules stage scripts and records
 * (such as `data/previous-hostname`) when the state directory lies outside
 * the root, because commands chrooted into the root cannot reach it there.
 * Returns undefined when the state directory is inside the root or no root
 * is given.
 */
export function stagingDirInRoot(paths: AgentPaths): string | undefined {
  if (!paths.hostIsolated) return undefined;
  const inside = relative(paths.root, paths.stateDir);
  if (inside !== "" && !inside.startsWith("..") && !isAbsolute(inside)) return undefined;
  return join(paths.root, LINUX_DEFAULTS.stateDir);
}

type Defaults = Omit<AgentPaths, "root" | "hostIsolated">;

function insideRoot(root: string): Defaults {
  if (root === "/") return LINUX_DEFAULTS;
  return {
    configDir: join(root, LINUX_DEFAULTS.configDir),
    stateDir: join(root, LINUX_DEFAULTS.stateDir),
    logDir: join(root, LINUX_DEFAULTS.logDir),
    kvpDir: join(root, LINUX_DEFAULTS.kvpDir),
  };
}

function windowsDefaults(): Defaults {
  // NOTE: no test runs on Windows; the paths follow the documented layout.
  const programData = Deno.env.get("ProgramData") ?? "C:\\ProgramData";
  const base = join(programData, "eryph");
  return {
    configDir: join(base, "guest-services"),
    stateDir: join(base, "provisioning"),
    logDir: join(base, "guest-services", "logs"),
    kvpDir: undefined,
  };
}
