/** The description of one file-system entry found while walking a source tree. */

/** Kind of an entry, as seen without following symbolic links. */
export type EntryKind = "file" | "directory" | "symlink" | "other";

/** One entry below a source root, from either side of a transfer. */
export interface TreeEntry {
  /** Path below the root, with `/` separators; never empty, never contains `..`. */
  relativePath: string;
  kind: EntryKind;
  /** Size in bytes (of the link target for a symlink that resolves to a file). */
  size: number;
  /** Permission bits, `0o7777` at most. */
  mode: number;
  /** Access and modification times in seconds since the epoch. */
  atime: number;
  mtime: number;
  /** For a symlink: what it resolves to, and whether that lies inside the source root. */
  link?: { targetKind: EntryKind | "missing"; insideRoot: boolean };
}

/** Mask of the permission bits (`rwx` for owner, group and others, plus setuid, setgid, sticky). */
export const PERMISSION_BITS = 0o7777;

/** Returns the kind of a POSIX `st_mode` value. */
export function kindOfMode(mode: number): EntryKind {
  switch (mode & 0o170000) {
    case 0o100000:
      return "file";
    case 0o040000:
      return "directory";
    case 0o120000:
      return "symlink";
    default:
      return "other";
  }
}
