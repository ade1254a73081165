/**
 * Times OpenSSH client commands (`ssh`, `sftp -b`) against a server that
 * listens on a unix socket, reached through `ProxyCommand=socat -
 * UNIX-CONNECT:...`. Each timing is the wall time of one client process.
 */

import { join } from "node:path";

/** A server the client reaches over a unix socket. */
export interface SshTarget {
  name: string;
  socket: string;
  user: string;
  clientKey: string;
  /** Folder for the known_hosts file and batch files of this target. */
  workDir: string;
}

/** Transfer direction, seen from the client. */
export type Direction = "download" | "upload";

/** Returns the client options shared by ssh and sftp, pinned to `cipher` when given. */
export function clientOptions(target: SshTarget, cipher?: string): string[] {
  return [
    "-F",
    "/dev/null",
    ...(cipher ? ["-o", `Ciphers=${cipher}`] : []),
    "-o",
    "BatchMode=yes",
    "-o",
    `ProxyCommand=socat - UNIX-CONNECT:${target.socket}`,
    "-o",
    `UserKnownHostsFile=${join(target.workDir, "known_hosts")}`,
    "-o",
    "StrictHostKeyChecking=accept-new",
    "-o",
    "LogLevel=ERROR",
    "-o",
    "IdentitiesOnly=yes",
    "-i",
    target.clientKey,
  ];
}

/**
 * Streams `size` bytes through an exec channel: `head -c` on the server into
 * the client's /dev/null, or the client's `file` into `cat > /dev/null`.
 * Returns seconds.
 */
export function timeExecStream(
  target: SshTarget,
  cipher: string,
  direction: Direction,
  size: number,
  file: string,
): Promise<number> {
  const destination = `${target.user}@bench`;
  const options = clientOptions(target, cipher).map(quote).join(" ");
  const command = direction === "download"
    ? `ssh ${options} ${destination} 'head -c ${size} /dev/zero' > /dev/null`
    : `ssh ${options} ${destination} 'cat > /dev/null' < ${quote(file)}`;
  return timeShell(command, `exec ${direction} to ${target.name} with ${cipher}`);
}

/** Copies `localFile` up to `remoteFile`, or `remoteFile` down to `localFile`, with `sftp -b`. Returns seconds. */
export async function timeSftp(
  target: SshTarget,
  cipher: string,
  direction: Direction,
  localFile: string,
  remoteFile: string,
): Promise<number> {
  const batch = join(target.workDir, `sftp_${direction}.batch`);
  await Deno.writeTextFile(
    batch,
    direction === "download"
      ? `get ${remoteFile} ${localFile}\n`
      : `put ${localFile} ${remoteFile}\n`,
  );
  const command = `sftp -q -b ${quote(batch)} ${
    clientOptions(target, cipher).map(quote).join(" ")
  } ${target.user}@bench > /dev/null`;
  return timeShell(command, `sftp ${direction} to ${target.name} with ${cipher}`);
}

/** Runs `ssh ... true` once with the client's default cipher and returns seconds. */
export function timeConnect(target: SshTarget): Promise<number> {
  const options = clientOptions(target).map(quote).join(" ");
  return timeShell(`ssh ${options} ${target.user}@bench true`, `ssh true to ${target.name}`);
}

async function timeShell(command: string, description: string): Promise<number> {
  const started = performance.now();
  const output = await new Deno.Command("sh", {
    args: ["-c", command],
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).output();
  const seconds = (performance.now() - started) / 1000;
  if (!output.success) {
    const stderr = new TextDecoder().decode(output.stderr).trim();
    throw new Error(`${description} failed with exit code ${output.code}: ${stderr}`);
  }
  return seconds;
}

/** Quotes `value` for sh. */
function quote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}

/** Returns the median of `values`. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Returns the resident set size of process `pid` in MiB, from VmRSS in /proc/PID/status. */
export async function residentMib(pid: number): Promise<number> {
  const status = await Deno.readTextFile(`/proc/${pid}/status`);
  const match = status.match(/^VmRSS:\s+(\d+) kB/m);
  if (!match) throw new Error(`/proc/${pid}/status has no VmRSS line; is ${pid} a live process?`);
  return Number(match[1]) / 1024;
}
