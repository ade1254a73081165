/**
 * Resolution of target paths inside a root folder with chroot semantics: an
 * absolute symbolic link is taken relative to the root, as programs inside
 * the chroot would see it, so a write can never land outside the root.
 */

import { join } from "../../path/path.ts";
import { OperationError } from "../../errors.ts";

// Linux gives up after 40 links in one lookup (ELOOP); the same limit applies here.
const MAX_LINKS = 40;

/** Options of {@linkcode resolveInRoot}. */
export interface ResolveOptions {
  /** Follows a symbolic link in the last component too; false resolves the link itself. */
  followLast?: boolean;
}

/**
 * Returns the host path of the target path `path` under `root`. Symbolic
 * links are followed inside the root: an absolute target restarts at the
 * root, a relative one continues from the link's folder. Components that do
 * not exist yet are kept as they are.
 *
 * Throws RangeError for a relative path, and OperationError when `..` in the
 * path or in a link's target climbs above the root, because such a path
 * names nothing inside the target.
 */
export async function resolveInRoot(
  root: string,
  path: string,
  options: ResolveOptions = {},
): Promise<string> {
  if (!path.startsWith("/")) {
    throw new RangeError(`Invalid path "${path}": expected an absolute path of the target system.`);
  }
  const followLast = options.followLast ?? true;
  const pending = splitPath(path);
  const resolved: string[] = [];
  let links = 0;

  while (pending.length > 0) {
    const name = pending.shift()!;
    if (name === "..") {
      if (resolved.length === 0) throw climbError(path, root);
      resolved.pop();
      continue;
    }

    const candidate = join(root, ...resolved, name);
    const isLast = pending.length === 0;
    const target = isLast && !followLast ? undefined : await readLinkOrUndefined(candidate);
    if (target === undefined) {
      resolved.push(name);
      continue;
    }

    links += 1;
    if (links > MAX_LINKS) {
      throw new OperationError(
        `Cannot resolve "${path}" inside "${root}": more than ${MAX_LINKS} symbolic links. Check the links for a loop.`,
      );
    }
    if (target.startsWith("/")) resolved.length = 0;
    pending.unshift(...splitPath(target));
  }
  return join(root, ...resolved);
}

/** Returns the target path of a host path under `root`, the inverse of a resolution without links. */
export function pathInRoot(root: string, hostPath: string): string {
  const prefix = root.endsWith("/") ? root.slice(0, -1) : root;
  if (hostPath === prefix) return "/";
  return hostPath.startsWith(`${prefix}/`) ? hostPath.slice(prefix.length) : hostPath;
}

function splitPath(path: string): string[] {
  return path.split("/").filter((part) => part !== "" && part !== ".");
}

async function readLinkOrUndefined(hostPath: string): Promise<string | undefined> {
  try {
    const info = await Deno.lstat(hostPath);
    return info.isSymlink ? await Deno.readLink(hostPath) : undefined;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound || error instanceof Deno.errors.NotADirectory) {
      return undefined;
    }
    throw error;
  }
}

function climbError(path: string, root: string): OperationError {
  return new OperationError(
    `Cannot resolve "${path}" inside "${root}": ".." climbs above the root, in the path or in a ` +
      `symbolic link on it. Use a path, or a link target, that stays inside the root.`,
  );
}
