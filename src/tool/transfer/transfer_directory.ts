/**
 * The directory transfers behind `upload-directory` and `download-directory`.
 * The contents of the source directory land in the target directory, which
 * is created when missing. Each runs as steps: walk the source, plan, check
 * every target, create directories, copy files several at a time, then set
 * directory modes and times deepest first (copying into a directory changes
 * its modification time).
 */

import { join } from "../../path/path.ts";
import { OperationError } from "../../errors.ts";
import { getLogger } from "../../log/logging.ts";
import { runLimited } from "./_run_limited.ts";
import {
  applyLocalAttributes,
  DEFAULT_PIPELINE,
  downloadFile,
  localError,
  uploadFile,
} from "./copy_file.ts";
import { walkLocalTree } from "./local_tree.ts";
import { checkDirectoryTarget, decideFileTarget } from "./overwrite_rule.ts";
import { joinSftpPath } from "./path_forms.ts";
import { walkRemoteTree } from "./remote_tree.ts";
import type { SftpCalls } from "./sftp_calls.ts";
import { buildTransferPlan, type TransferPlan } from "./transfer_plan.ts";
import { localKind, type TransferSettings } from "./transfer_file.ts";
import { PERMISSION_BITS, type TreeEntry } from "./tree_entry.ts";

const log = getLogger("tool", "transfer");

/** Files copied at the same time; each also keeps its own requests in flight. */
const FILES_IN_PARALLEL = 8;

/** Options of the directory transfers. */
export interface DirectoryTransferSettings extends TransferSettings {
  recursive: boolean;
}

/** Counts and skipped entries of a finished directory transfer. */
export interface DirectoryTransferSummary {
  files: number;
  directories: number;
  bytes: number;
  skipped: TransferPlan["skipped"];
}

/** Uploads the contents of a local directory into a remote directory. */
export async function uploadDirectory(
  calls: SftpCalls,
  localRoot: string,
  remoteRoot: string,
  settings: DirectoryTransferSettings,
): Promise<DirectoryTransferSummary> {
  const rootInfo = await Deno.stat(localRoot).catch((error) => {
    throw localError("read", localRoot, error);
  });
  if (!rootInfo.isDirectory) {
    throw new OperationError(`Cannot upload "${localRoot}" as a directory: it is not a directory.`);
  }

  const plan = buildTransferPlan(
    await walkLocalTree(localRoot, settings.recursive),
    settings.recursive,
  );
  reportSkipped(plan);

  const rootAction = checkDirectoryTarget(remoteRoot, await calls.existingKind(remoteRoot));
  if (rootAction === "reuse") {
    await runLimited(plan.directories, 16, async (dir) => {
      const target = joinSftpPath(remoteRoot, dir.relativePath);
      checkDirectoryTarget(target, await calls.existingKind(target));
    });
    await runLimited(plan.files, 16, async (file) => {
      const target = joinSftpPath(remoteRoot, file.relativePath);
      decideFileTarget(target, await calls.existingKind(target), settings.overwrite);
    });
  }

  if (rootAction === "create") await calls.mkdir(remoteRoot, 0o700);
  for (const dir of plan.directories) {
    const target = joinSftpPath(remoteRoot, dir.relativePath);
    if (rootAction === "create" || (await calls.existingKind(target)) === undefined) {
      await calls.mkdir(target, 0o700);
    }
  }

  settings.progress.start(plan.totalBytes);
  try {
    await runLimited(plan.files, FILES_IN_PARALLEL, (file) =>
      uploadFile(
        calls,
        join(localRoot, ...file.relativePath.split("/")),
        joinSftpPath(remoteRoot, file.relativePath),
        file,
        (bytes) => settings.progress.advance(bytes),
        settings.pipeline ?? DEFAULT_PIPELINE,
      ));
  } finally {
    settings.progress.stop();
  }

  for (const dir of [...plan.directories].reverse()) {
    await calls.setstat(joinSftpPath(remoteRoot, dir.relativePath), timesAndMode(dir));
  }
  await calls.setstat(remoteRoot, {
    mode: rootInfo.mode !== null ? rootInfo.mode & PERMISSION_BITS : 0o755,
    atime: seconds(rootInfo.atime ?? rootInfo.mtime),
    mtime: seconds(rootInfo.mtime),
  });
  return summarize(plan);
}

/** Downloads the contents of a remote directory into a local directory. */
export async function downloadDirectory(
  calls: SftpCalls,
  remoteRoot: string,
  localRoot: string,
  settings: DirectoryTransferSettings,
): Promise<DirectoryTransferSummary> {
  const rootAttributes = await calls.statOrUndefined(remoteRoot);
  if (rootAttributes === undefined) {
    throw new OperationError(`Cannot download "${remoteRoot}": it does not exist on the guest.`);
  }
  if ((rootAttributes.mode & 0o170000) !== 0o040000) {
    throw new OperationError(
      `Cannot download "${remoteRoot}" as a directory: it is not a directory on the guest. ` +
        `Use download-file for files.`,
    );
  }

  const plan = buildTransferPlan(
    await walkRemoteTree(calls, remoteRoot, settings.recursive),
    settings.recursive,
  );
  reportSkipped(plan);

  const rootAction = checkDirectoryTarget(localRoot, await localKind(localRoot));
  if (rootAction === "reuse") {
    for (const dir of plan.directories) {
      const target = join(localRoot, ...dir.relativePath.split("/"));
      checkDirectoryTarget(target, await localKind(target));
    }
    for (const file of plan.files) {
      const target = join(localRoot, ...file.relativePath.split("/"));
      decideFileTarget(target, await localKind(target), settings.overwrite);
    }
  }

  for (
    const path of [
      localRoot,
      ...plan.directories.map((dir) => join(localRoot, ...dir.relativePath.split("/"))),
    ]
  ) {
    await Deno.mkdir(path, { recursive: true, mode: 0o700 }).catch((error) => {
      throw localError("create the directory", path, error);
    });
  }

  settings.progress.start(plan.totalBytes);
  try {
    await runLimited(plan.files, FILES_IN_PARALLEL, (file) =>
      downloadFile(
        calls,
        joinSftpPath(remoteRoot, file.relativePath),
        join(localRoot, ...file.relativePath.split("/")),
        file,
        (bytes) => settings.progress.advance(bytes),
        settings.pipeline ?? DEFAULT_PIPELINE,
      ));
  } finally {
    settings.progress.stop();
  }

  for (const dir of [...plan.directories].reverse()) {
    await applyLocalAttributes(join(localRoot, ...dir.relativePath.split("/")), dir);
  }
  const rootEntry: TreeEntry = {
    relativePath: ".",
    kind: "directory",
    size: 0,
    mode: rootAttributes.mode & PERMISSION_BITS,
    atime: rootAttributes.atime,
    mtime: rootAttributes.mtime,
  };
  await applyLocalAttributes(localRoot, rootEntry);
  return summarize(plan);
}

function reportSkipped(plan: TransferPlan): void {
  for (const skipped of plan.skipped) {
    log.warn("Skipped {path}: {reason}.", { path: skipped.relativePath, reason: skipped.reason });
  }
}

function timesAndMode(entry: TreeEntry) {
  return { mode: entry.mode, atime: entry.atime, mtime: entry.mtime };
}

function summarize(plan: TransferPlan): DirectoryTransferSummary {
  return {
    files: plan.files.length,
    directories: plan.directories.length,
    bytes: plan.totalBytes,
    skipped: plan.skipped,
  };
}

function seconds(date: Date | null): number {
  return date === null ? Math.floor(Date.now() / 1000) : Math.floor(date.getTime() / 1000);
}
