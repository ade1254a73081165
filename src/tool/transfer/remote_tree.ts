/** Walks a directory tree on the guest over SFTP into {@linkcode TreeEntry} values. */

import type { Attributes } from "ssh2";
import { OperationError } from "../../errors.ts";
import { getLogger } from "../../log/logging.ts";
import { isSafeEntryName, joinSftpPath } from "./path_forms.ts";
import type { SftpCalls } from "./sftp_calls.ts";
import { kindOfMode, PERMISSION_BITS, type TreeEntry } from "./tree_entry.ts";

const log = getLogger("tool", "transfer");

/**
 * Lists the entries below the SFTP path `root`; descends only when
 * `recursive` is set. Symbolic links are resolved with `realpath` to learn
 * whether they stay inside the root, and never descended into. Names that
 * are not a single path component are left out with a warning.
 */
export async function walkRemoteTree(
  calls: SftpCalls,
  root: string,
  recursive: boolean,
): Promise<TreeEntry[]> {
  const realRoot = await calls.realpath(root);
  const entries: TreeEntry[] = [];
  const pending: string[] = [""];

  while (pending.length > 0) {
    const relativeDir = pending.pop()!;
    for (const item of await calls.readdir(joinSftpPath(root, relativeDir))) {
      if (item.filename === "." || item.filename === "..") continue;
      if (!isSafeEntryName(item.filename)) {
        log.warn("Skipped the remote entry {name}: it is not a plain file name.", {
          name: item.filename,
        });
        continue;
      }
      const relativePath = relativeDir === "" ? item.filename : `${relativeDir}/${item.filename}`;
      const entry = fromAttributes(relativePath, item.attrs);
      if (entry.kind === "symlink") {
        entry.link = await resolveRemoteLink(calls, entry, root, realRoot);
      }
      entries.push(entry);
      if (entry.kind === "directory" && recursive) pending.push(relativePath);
    }
  }
  return entries;
}

/** Converts SFTP attributes into an entry. */
export function fromAttributes(relativePath: string, attrs: Attributes): TreeEntry {
  if (attrs.mode === undefined) {
    throw new OperationError(
      `The guest listed "${relativePath}" without a file mode, so its kind is unknown.`,
    );
  }
  return {
    relativePath,
    kind: kindOfMode(attrs.mode),
    size: attrs.size ?? 0,
    mode: attrs.mode & PERMISSION_BITS,
    atime: attrs.atime ?? attrs.mtime ?? 0,
    mtime: attrs.mtime ?? 0,
  };
}

async function resolveRemoteLink(
  calls: SftpCalls,
  entry: TreeEntry,
  root: string,
  realRoot: string,
): Promise<TreeEntry["link"]> {
  const path = joinSftpPath(root, entry.relativePath);
  const target = await calls.statOrUndefined(path);
  if (target === undefined) return { targetKind: "missing", insideRoot: false };
  const resolved = await calls.realpath(path);
  const insideRoot = resolved.startsWith(realRoot === "/" ? "/" : `${realRoot}/`);
  const targetKind = kindOfMode(target.mode);
  if (insideRoot && targetKind === "file") {
    Object.assign(entry, fromAttributes(entry.relativePath, target), { kind: "symlink" });
  }
  return { targetKind, insideRoot };
}
