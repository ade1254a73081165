/**
 * Copies one file in either direction with many SFTP requests in flight
 * (`sftp_pipeline.ts`), then carries over the permission bits and the access
 * and modification times.
 */

import { type EgsError, OperationError, UsageError } from "../../errors.ts";
import type { SftpCalls } from "./sftp_calls.ts";
import { remoteError } from "./sftp_calls.ts";
import {
  LocalFileError,
  type PipelineSettings,
  type ProgressStep,
  receiveFile,
  sendFile,
} from "./sftp_pipeline.ts";
import type { TreeEntry } from "./tree_entry.ts";

export type { PipelineSettings, ProgressStep };

/**
 * Default pipeline: 64 requests of 255 KiB, the largest read and write length
 * that OpenSSH's sftp-server and egs-service advertise through
 * limits@openssh.com. Measured against egs-service's SFTP code over a unix
 * socket, this beat 64 KiB and 128 KiB chunks (see docs/transfer.md). The
 * buffer is chunk size times concurrency, 16 MiB, per file at most.
 */
export const DEFAULT_PIPELINE: PipelineSettings = { concurrency: 64, chunkSize: 255 * 1024 };

/** Uploads `localPath` to `remotePath`, replacing its content, and sets mode and times. */
export async function uploadFile(
  calls: SftpCalls,
  localPath: string,
  remotePath: string,
  source: TreeEntry,
  onStep: ProgressStep,
  pipeline: PipelineSettings = DEFAULT_PIPELINE,
): Promise<void> {
  try {
    await sendFile(await calls.fileAccess(), localPath, remotePath, pipeline, onStep);
  } catch (error) {
    throw error instanceof LocalFileError
      ? localError("read", localPath, error.original)
      : transferError("write", remotePath, error);
  }
  await calls.setstat(remotePath, { mode: source.mode, atime: source.atime, mtime: source.mtime });
}

/** Downloads `remotePath` to `localPath`, replacing its content, and sets mode and times. */
export async function downloadFile(
  calls: SftpCalls,
  remotePath: string,
  localPath: string,
  source: TreeEntry,
  onStep: ProgressStep,
  pipeline: PipelineSettings = DEFAULT_PIPELINE,
): Promise<void> {
  try {
    const access = await calls.fileAccess();
    await receiveFile(access, remotePath, localPath, source.size, pipeline, onStep);
  } catch (error) {
    throw error instanceof LocalFileError
      ? localError("write", localPath, error.original)
      : transferError("read", remotePath, error);
  }
  await applyLocalAttributes(localPath, source);
}

/** Sets permission bits and times on a local path, skipping the bits where the OS has none. */
export async function applyLocalAttributes(path: string, source: TreeEntry): Promise<void> {
  try {
    await Deno.chmod(path, source.mode);
  } catch (error) {
    // Windows has no POSIX permission bits, and Deno reports that as NotSupported.
    // NOTE: no test has run this branch on a Windows host.
    if (!(error instanceof Deno.errors.NotSupported)) {
      throw localError("set the mode of", path, error);
    }
  }
  await Deno.utime(path, source.atime, source.mtime);
}

/** Keeps an OperationError as it is and names the remote path in an SFTP failure. */
function transferError(action: string, remotePath: string, error: unknown): OperationError {
  if (error instanceof OperationError) return error;
  return remoteError(action, remotePath, error as Error & { code?: number });
}

/**
 * Wraps a local file-system failure in an error naming the path and the fix:
 * a UsageError (exit 2) for an input file that is missing or unreadable, an
 * OperationError (exit 1) otherwise.
 */
export function localError(action: string, path: string, error: unknown): EgsError {
  const code = (error as { code?: unknown }).code;
  const name = (error as Error).name;
  let reason = (error as Error).message;
  let fix = "";
  let input = false;
  if (code === "ENOENT" || name === "NotFound") {
    reason = "it does not exist";
    fix = " Check the path.";
    input = action === "read";
  } else if (code === "EACCES" || code === "EPERM" || name === "PermissionDenied") {
    reason = "permission denied";
    fix = " Choose a path you can access.";
    input = action === "read";
  } else if (code === "EISDIR" || name === "IsADirectory") {
    reason = "a directory is in the way";
  }
  const message = `Cannot ${action} "${path}" on this host: ${reason}.${fix}`;
  return input
    ? new UsageError(message, { cause: error })
    : new OperationError(message, { cause: error });
}
