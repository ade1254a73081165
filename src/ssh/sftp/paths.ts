/**
 * Resolves SFTP paths. Like OpenSSH's sftp-server, which runs in the user's
 * home directory, relative paths are relative to the session's home.
 */

import { posix } from "node:path";

/** Returns `path` made absolute against `home`; an empty path is the home itself. */
export function resolvePath(home: string, path: string): string {
  if (path === "") return home;
  return posix.resolve(home, path);
}

/**
 * Returns the canonical absolute form of `path` with symbolic links resolved.
 * A path that does not exist yet is normalized without resolving links, so a
 * client can ask for the full name of a file it is about to create.
 */
export async function canonicalPath(home: string, path: string): Promise<string> {
  const absolute = resolvePath(home, path);
  try {
    return await Deno.realPath(absolute);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return absolute;
    throw error;
  }
}

/** Expands a leading `~` or `~/` to `home`, as expand-path@openssh.com does. */
export function expandHome(home: string, path: string): string {
  if (path === "~") return home;
  if (path.startsWith("~/")) return posix.join(home, path.slice(2));
  return path;
}
