/**
 * The check that a command which provisions or serves a machine runs with
 * every permission flag it was built for. Deno 2.9 reads `/proc` and `/sys`
 * files only when every permission is granted. A run started with some flags
 * missing would otherwise apply part of the configuration before it fails on
 * the first refused call.
 */

import { UsageError } from "../errors.ts";

/** A `/proc` file that every Linux kernel has and that EGS reads itself. */
const PROC_PROBE = "/proc/uptime";

/**
 * Returns the flags of `flags` (`--allow-NAME`) whose permission is not
 * granted for every value: `--allow-read=/etc` grants read in part only.
 */
export function missingPermissionFlags(flags: readonly string[]): string[] {
  return flags.filter((flag) => {
    const name = flag.replace(/^--allow-/, "") as Deno.PermissionName;
    return Deno.permissions.querySync({ name }).state !== "granted";
  });
}

/**
 * Throws a UsageError naming the missing flags when any permission of
 * `flags` is not granted in full, before `command` changes anything. On
 * Linux it also reads {@linkcode PROC_PROBE}, because a `--deny-*` flag
 * leaves every permission reported as granted and still blocks `/proc`.
 */
export function requirePermissions(command: string, flags: readonly string[]): void {
  const fix = `Run it with all of ${flags.join(" ")} and no --deny-* flag, as ` +
    'docs/cli/README.md shows under "Building the binaries", or use the compiled binary, ' +
    "which has them built in.";

  const missing = missingPermissionFlags(flags);
  if (missing.length > 0) {
    throw new UsageError(
      `${command} needs every Deno permission, and these are missing or granted for some ` +
        "values only: " +
        `${missing.join(" ")}. ${fix}`,
    );
  }

  if (Deno.build.os === "linux" && !canReadProc()) {
    throw new UsageError(
      `${command} needs every Deno permission, and reading ${PROC_PROBE} is denied; ` +
        `a --deny-* flag blocks /proc even where every --allow flag is given. ${fix}`,
    );
  }
}

/** Reads the probe file and returns false only when Deno's permissions deny it. */
function canReadProc(): boolean {
  try {
    Deno.readTextFileSync(PROC_PROBE);
    return true;
  } catch (error) {
    return !(error instanceof Deno.errors.NotCapable);
  }
}
