/** The single-file transfers behind `upload-file` and `download-file`. */

import { basename, join } from "../../path/path.ts";
import { OperationError } from "../../errors.ts";
import { getLogger } from "../../log/logging.ts";
import {
  DEFAULT_PIPELINE,
  downloadFile,
  localError,
  type PipelineSettings,
  uploadFile,
} from "./copy_file.ts";
import { decideFileTarget, type ExistingKind } from "./overwrite_rule.ts";
import { joinSftpPath, sftpBaseName } from "./path_forms.ts";
import type { TransferProgress } from "./progress.ts";
import type { SftpCalls } from "./sftp_calls.ts";
import { fromAttributes } from "./remote_tree.ts";
import { localEntryFromInfo } from "./local_tree.ts";
import type { TreeEntry } from "./tree_entry.ts";

const log = getLogger("tool", "transfer");

/** Options shared by the file and directory transfers. */
export interface TransferSettings {
  overwrite: boolean;
  progress: TransferProgress;
  pipeline?: PipelineSettings;
}

/** The target written by a single-file transfer and its size in bytes. */
export interface FileTransferResult {
  path: string;
  bytes: number;
}

/**
 * Uploads one local file. When `remotePath` is an existing directory (or ends
 * with `/`), the file keeps its name inside it.
 */
export async function uploadSingleFile(
  calls: SftpCalls,
  localPath: string,
  remotePath: string,
  settings: TransferSettings,
): Promise<FileTransferResult> {
  const source = await statLocalSource(localPath);

  let target = remotePath;
  const existingAtPath = await calls.existingKind(remotePath);
  if (existingAtPath === "directory" || remotePath.endsWith("/")) {
    target = joinSftpPath(remotePath, basename(localPath));
  }
  const existing = target === remotePath ? existingAtPath : await calls.existingKind(target);
  decideFileTarget(target, existing, settings.overwrite);

  log.info("Uploading {local} to {remote} ({bytes} bytes).", {
    local: localPath,
    remote: target,
    bytes: source.size,
  });
  await withProgress(
    settings,
    source.size,
    (advance) =>
      uploadFile(calls, localPath, target, source, advance, settings.pipeline ?? DEFAULT_PIPELINE),
  );
  return { path: target, bytes: source.size };
}

/**
 * Downloads one remote file. When `localPath` is an existing directory, the
 * file keeps its name inside it.
 */
export async function downloadSingleFile(
  calls: SftpCalls,
  remotePath: string,
  localPath: string,
  settings: TransferSettings,
): Promise<FileTransferResult> {
  const attributes = await calls.statOrUndefined(remotePath);
  if (attributes === undefined) {
    throw new OperationError(`Cannot download "${remotePath}": it does not exist on the guest.`);
  }
  const source = fromAttributes(sftpBaseName(remotePath), attributes);
  if (source.kind !== "file") {
    throw new OperationError(
      `Cannot download "${remotePath}" as a file: it is a ${source.kind} on the guest. ` +
        `Use download-directory for directories.`,
    );
  }

  let target = localPath;
  if ((await localKind(localPath)) === "directory") {
    target = join(localPath, sftpBaseName(remotePath));
  }
  decideFileTarget(target, await localKind(target), settings.overwrite);

  log.info("Downloading {remote} to {local} ({bytes} bytes).", {
    remote: remotePath,
    local: target,
    bytes: source.size,
  });
  await withProgress(
    settings,
    source.size,
    (advance) =>
      downloadFile(
        calls,
        remotePath,
        target,
        source,
        advance,
        settings.pipeline ?? DEFAULT_PIPELINE,
      ),
  );
  return { path: target, bytes: source.size };
}

/** Runs one file copy with the progress bar started before it and stopped after it. */
async function withProgress(
  settings: TransferSettings,
  size: number,
  copy: (advance: (bytes: number) => void) => Promise<void>,
): Promise<void> {
  settings.progress.start(size);
  try {
    await copy((bytes) => settings.progress.advance(bytes));
  } finally {
    settings.progress.stop();
  }
}

/** Returns the kind of entry at a local path, following symlinks as a write would. */
export async function localKind(path: string): Promise<ExistingKind> {
  try {
    const info = await Deno.stat(path);
    if (info.isFile) return "file";
    if (info.isDirectory) return "directory";
    return "other";
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw localError("read the attributes of", path, error);
  }
}

async function statLocalSource(localPath: string): Promise<TreeEntry> {
  let info: Deno.FileInfo;
  try {
    // stat, not lstat: the user named this path, so a symlink stands for its target.
    info = await Deno.stat(localPath);
  } catch (error) {
    throw localError("read", localPath, error);
  }
  if (!info.isFile) {
    const kindText = info.isDirectory ? "a directory" : "not a regular file";
    throw new OperationError(
      `Cannot upload "${localPath}" as a file: it is ${kindText}. Use upload-directory for directories.`,
    );
  }
  return localEntryFromInfo(basename(localPath), info);
}
