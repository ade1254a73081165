/** Walks a local directory tree into {@linkcode TreeEntry} values without following symlinks. */

import { join, sep } from "node:path";
import { type EntryKind, PERMISSION_BITS, type TreeEntry } from "./tree_entry.ts";

/**
 * Lists the entries below `root`; descends into subdirectories only when
 * `recursive` is set. Symbolic links are reported as such, with where they
 * resolve to, and never descended into.
 */
export async function walkLocalTree(root: string, recursive: boolean): Promise<TreeEntry[]> {
  const realRoot = await Deno.realPath(root);
  const entries: TreeEntry[] = [];
  const pending: string[] = [""];

  while (pending.length > 0) {
    const relativeDir = pending.pop()!;
    for await (const item of Deno.readDir(join(root, ...splitRelative(relativeDir)))) {
      const relativePath = relativeDir === "" ? item.name : `${relativeDir}/${item.name}`;
      const entry = await describeLocal(join(root, ...splitRelative(relativePath)), relativePath);
      if (entry.kind === "symlink") entry.link = await resolveLocalLink(entry, root, realRoot);
      entries.push(entry);
      if (entry.kind === "directory" && recursive) pending.push(relativePath);
    }
  }
  return entries;
}

/** Describes one local path (without following a final symlink) as an entry. */
export async function describeLocal(path: string, relativePath: string): Promise<TreeEntry> {
  return localEntryFromInfo(relativePath, await Deno.lstat(path));
}

/** Converts a `Deno.FileInfo` into an entry. */
export function localEntryFromInfo(relativePath: string, info: Deno.FileInfo): TreeEntry {
  return { relativePath, ...fromFileInfo(info, kindOfInfo(info)) };
}

function fromFileInfo(info: Deno.FileInfo, kind: EntryKind) {
  return {
    kind,
    size: info.size,
    // Windows reports no mode; 0o644 and 0o755 are what a POSIX guest would use by default.
    mode: info.mode !== null ? info.mode & PERMISSION_BITS : (kind === "directory" ? 0o755 : 0o644),
    atime: seconds(info.atime ?? info.mtime),
    mtime: seconds(info.mtime),
  };
}

async function resolveLocalLink(
  entry: TreeEntry,
  root: string,
  realRoot: string,
): Promise<TreeEntry["link"]> {
  const path = join(root, ...splitRelative(entry.relativePath));
  let target: string;
  try {
    target = await Deno.realPath(path);
  } catch {
    return { targetKind: "missing", insideRoot: false };
  }
  const info = await Deno.stat(target);
  const insideRoot = target.startsWith(realRoot.endsWith(sep) ? realRoot : realRoot + sep);
  if (insideRoot && info.isFile) {
    Object.assign(entry, fromFileInfo(info, "symlink"));
  }
  return { targetKind: kindOfInfo(info), insideRoot };
}

function kindOfInfo(info: Deno.FileInfo): EntryKind {
  if (info.isSymlink) return "symlink";
  if (info.isFile) return "file";
  if (info.isDirectory) return "directory";
  return "other";
}

function splitRelative(relativePath: string): string[] {
  return relativePath === "" ? [] : relativePath.split("/");
}

function seconds(date: Date | null): number {
  return date === null ? Math.floor(Date.now() / 1000) : Math.floor(date.getTime() / 1000);
}
