/**
 * The check that a command which provisions or serves a machine runs with
 * every permission flag it was built for. Deno 2.9 reads `/proc` and `/sys`
 * files only when every permission is granted. A run started with some flags
 * missing would otherwise apply part of the configuration before it fails on
 * the first refused call.
 */

import { UsageError } from "../errors.ts";

/** Returns the flags of `flags` (`--allow-NAME`) whose permission is not granted in full. */
export function missingPermissionFlags(flags: readonly string[]): string[] {
  return flags.filter((flag) => {
    const name = flag.replace(/^--allow-/, "") as Deno.PermissionName;
    return Deno.permissions.querySync({ name }).state !== "granted";
  });
}

/**
 * Throws a UsageError naming the missing flags when any permission of
 * `flags` is not granted, before `command` changes anything.
 */
export function requirePermissions(command: string, flags: readonly string[]): void {
  const missing = missingPermissionFlags(flags);
  if (missing.length === 0) return;
  throw new UsageError(
    `${command} needs every Deno permission; not granted: ${missing.join(" ")}. ` +
      `Run it with all of ${flags.join(" ")}, as docs/cli/README.md shows under ` +
      '"Building the binaries", or use the compiled binary, which has them built in.',
  );
}
