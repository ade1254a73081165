/**
 * The action of the transfer commands: resolve the guest and the client
 * files, connect, open SFTP, transfer, print a summary line, close.
 */

import { join } from "../../path/path.ts";
import { getLogger } from "../../log/logging.ts";
import { connectGuest } from "../ssh_client/mod.ts";
import { connectorOf, resolveToolContext } from "../tool_context.ts";
import { resolveToolPaths } from "../tool_paths.ts";
import {
  createProgress,
  downloadDirectory,
  downloadSingleFile,
  formatBytes,
  SftpCalls,
  toLocalPath,
  toSftpPath,
  uploadDirectory,
  uploadSingleFile,
} from "../transfer/mod.ts";
import { parseVmTarget, vmHostName } from "../vm_target.ts";
import type { TransferCommandOptions } from "./transfer_commands.ts";

const log = getLogger("tool", "transfer");

/** Unit a command copies: one file, or a directory's contents. */
export type TransferKind = "file" | "directory";
/** Direction of the bytes, seen from this host. */
export type TransferDirection = "upload" | "download";

/** One parsed transfer command line. */
export interface TransferRequest {
  kind: TransferKind;
  direction: TransferDirection;
  vmId: string;
  /** Source and target as typed: local or remote depending on `direction`. */
  source: string;
  target: string;
  options: TransferCommandOptions;
}

/** Runs one transfer; errors propagate as EgsError subclasses with their exit codes. */
export async function runTransfer(request: TransferRequest): Promise<void> {
  const target = parseVmTarget(request.vmId);
  const context = resolveToolContext({ transport: request.options.transport });
  const identityPath = request.options.identity ?? resolveToolPaths().clientKey;
  const knownHostsPath = request.options.knownHosts ??
    join(resolveToolPaths().knownHostsDir, target.name);

  const connection = await connectGuest({
    connector: connectorOf(context, target),
    identityPath,
    hostKey: {
      knownHostsPath,
      hostNames: [vmHostName(target), target.id, target.name],
      acceptNew: request.options.acceptNew ?? false,
    },
  });
  try {
    const calls = new SftpCalls(await connection.openSftp(), () => connection.openFileChannel());
    const started = performance.now();
    const bytes = await transfer(calls, request);
    const seconds = (performance.now() - started) / 1000;
    log.info("Transferred {bytes} bytes in {seconds} s.", {
      bytes,
      seconds: Number(seconds.toFixed(3)),
    });
    console.log(`${request.direction}ed ${formatBytes(bytes)} in ${seconds.toFixed(1)} s`);
  } finally {
    await connection.close();
  }
}

async function transfer(calls: SftpCalls, request: TransferRequest): Promise<number> {
  const local = toLocalPath(request.direction === "upload" ? request.source : request.target);
  const remote = toSftpPath(request.direction === "upload" ? request.target : request.source);
  const overwrite = request.options.overwrite ?? false;
  const progress = createProgress(`${request.direction} ${request.kind}`);

  if (request.kind === "file") {
    const settings = { overwrite, progress };
    const result = request.direction === "upload"
      ? await uploadSingleFile(calls, local, remote, settings)
      : await downloadSingleFile(calls, remote, local, settings);
    return result.bytes;
  }

  const settings = { overwrite, progress, recursive: request.options.recursive ?? false };
  const summary = request.direction === "upload"
    ? await uploadDirectory(calls, local, remote, settings)
    : await downloadDirectory(calls, remote, local, settings);
  if (summary.skipped.length > 0) {
    const count = summary.skipped.length;
    console.error(`skipped ${count} ${count === 1 ? "entry" : "entries"} (see the warnings above)`);
  }
  return summary.bytes;
}
