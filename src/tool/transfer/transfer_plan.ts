/**
 * Builds the list of work for a directory transfer from a walk of its source
 * tree: which directories to create, which files to copy, and which entries
 * to leave out and why. Pure, so the rules are tested without a server.
 */

import type { TreeEntry } from "./tree_entry.ts";

/** An entry left out of a transfer, with the reason shown to the user. */
export interface SkippedEntry {
  relativePath: string;
  reason: string;
}

/** The work of one directory transfer. */
export interface TransferPlan {
  /** Directories to create, each after its parent. */
  directories: TreeEntry[];
  /** Files to copy; a symlink that resolves to a file inside the root appears here as a file. */
  files: TreeEntry[];
  skipped: SkippedEntry[];
  /** Sum of the sizes of `files`, in bytes. */
  totalBytes: number;
}

/**
 * Sorts walked entries into a plan. Without `recursive` only the top-level
 * files are copied and subdirectories are reported as skipped. Symbolic links
 * are never followed out of the root: a link to a file inside the root is
 * copied as a regular file, and links to directories (which could loop),
 * to targets outside the root and dangling links are skipped.
 */
export function buildTransferPlan(entries: readonly TreeEntry[], recursive: boolean): TransferPlan {
  const plan: TransferPlan = { directories: [], files: [], skipped: [], totalBytes: 0 };
  const sorted = [...entries].sort((a, b) => compareDepthFirst(a.relativePath, b.relativePath));

  for (const entry of sorted) {
    const topLevel = !entry.relativePath.includes("/");
    if (!recursive && !topLevel) continue;

    switch (entry.kind) {
      case "file":
        addFile(plan, entry);
        break;
      case "directory":
        if (recursive) plan.directories.push(entry);
        else plan.skipped.push({ relativePath: entry.relativePath, reason: "subdirectory" });
        break;
      case "symlink":
        planSymlink(plan, entry);
        break;
      case "other":
        plan.skipped.push({
          relativePath: entry.relativePath,
          reason: "not a regular file or directory",
        });
        break;
    }
  }
  return plan;
}

function planSymlink(plan: TransferPlan, entry: TreeEntry): void {
  const link = entry.link;
  if (link === undefined || link.targetKind === "missing") {
    plan.skipped.push({ relativePath: entry.relativePath, reason: "dangling symbolic link" });
  } else if (!link.insideRoot) {
    plan.skipped.push({
      relativePath: entry.relativePath,
      reason: "symbolic link to a target outside the source directory",
    });
  } else if (link.targetKind !== "file") {
    plan.skipped.push({
      relativePath: entry.relativePath,
      reason: "symbolic link to a directory",
    });
  } else {
    addFile(plan, { ...entry, kind: "file" });
  }
}

function addFile(plan: TransferPlan, entry: TreeEntry): void {
  plan.files.push(entry);
  plan.totalBytes += entry.size;
}

/** Orders paths so that a directory comes before everything below it. */
function compareDepthFirst(a: string, b: string): number {
  const partsA = a.split("/");
  const partsB = b.split("/");
  for (let i = 0; i < Math.min(partsA.length, partsB.length); i++) {
    if (partsA[i] !== partsB[i]) return partsA[i] < partsB[i] ? -1 : 1;
  }
  return partsA.length - partsB.length;
}
