/**
 * Copies one file in either direction with many SFTP requests in flight
 * (ssh2's `fastPut`/`fastGet`), then carries over the permission bits and the
 * access and modification times.
 */

import type { TransferOptions } from "ssh2";
import { OperationError } from "../../errors.ts";
import type { SftpCalls } from "./sftp_calls.ts";
import { remoteError } from "./sftp_calls.ts";
import type { TreeEntry } from "./tree_entry.ts";

/** Requests in flight per file and bytes per request. */
export interface PipelineSettings {
  concurrency: number;
  chunkSize: number;
}

/**
 * Default pipeline: 64 requests of 255 KiB, the largest read and write length
 * that OpenSSH's sftp-server and egs-service advertise through
 * limits@openssh.com. ssh2 splits a larger request into serial ones. Measured
 * against egs-service's SFTP code over a unix socket, this beat 64 KiB and
 * 128 KiB chunks (see docs/transfer.md). The buffer is chunk size times
 * concurrency, 16 MiB, per file at most.
 */
export const DEFAULT_PIPELINE: PipelineSettings = { concurrency: 64, chunkSize: 255 * 1024 };

/** Called with the number of bytes that arrived since the previous call. */
export type ProgressStep = (bytes: number) => void;

/** Uploads `localPath` to `remotePath`, replacing its content, and sets mode and times. */
export async function uploadFile(
  calls: SftpCalls,
  localPath: string,
  remotePath: string,
  source: TreeEntry,
  onStep: ProgressStep,
  pipeline: PipelineSettings = DEFAULT_PIPELINE,
): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    calls.sftp.fastPut(localPath, remotePath, transferOptions(pipeline, onStep), (error) => {
      if (!error) return resolve();
      reject(
        isLocalError(error) ? localError("read", localPath, error) : remoteError(
          "write",
          remotePath,
          error as Error & { code?: number },
        ),
      );
    });
  });
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
  await new Promise<void>((resolve, reject) => {
    calls.sftp.fastGet(remotePath, localPath, transferOptions(pipeline, onStep), (error) => {
      if (!error) return resolve();
      reject(
        isLocalError(error) ? localError("write", localPath, error) : remoteError(
          "read",
          remotePath,
          error as Error & { code?: number },
        ),
      );
    });
  });
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

function transferOptions(pipeline: PipelineSettings, onStep: ProgressStep): TransferOptions {
  return {
    concurrency: pipeline.concurrency,
    chunkSize: pipeline.chunkSize,
    step: (_total, chunk) => onStep(chunk),
  };
}

/** Tells local errors from SFTP ones: Node file-system errors carry a string code such as `ENOENT`. */
function isLocalError(error: unknown): error is Error & { code: string } {
  return typeof (error as { code?: unknown }).code === "string";
}

/** Wraps a local file-system failure in an OperationError naming the path and the fix. */
export function localError(action: string, path: string, error: unknown): OperationError {
  const code = (error as { code?: unknown }).code;
  const name = (error as Error).name;
  let hint = "";
  if (code === "ENOENT" || name === "NotFound") hint = " The path does not exist.";
  if (code === "EACCES" || code === "EPERM" || name === "PermissionDenied") {
    hint = " Permission denied: choose a path you can access.";
  }
  if (code === "EISDIR" || name === "IsADirectory") hint = " A directory is in the way.";
  return new OperationError(
    `Cannot ${action} "${path}" on this host: ${(error as Error).message}.${hint}`,
    { cause: error },
  );
}
