/**
 * Removal of lock files that a killed shadow utility left in the target's
 * `/etc`. `useradd`, `usermod` and `groupadd` lock an account file by writing
 * their PID to `/etc/NAME.PID` and linking it to `/etc/NAME.lock`. When one of
 * them dies on a power loss or a SIGKILL, the lock stays. shadow-utils deletes
 * such a lock only when no process has that PID, so a PID that a new process
 * took after the reboot, or that is still a zombie, blocks every later
 * `useradd` with "cannot lock /etc/group; try again later", and provisioning
 * could never finish.
 */

import { getLogger } from "../../log/logging.ts";
import type { LinuxFiles } from "./linux_files.ts";

const ACCOUNT_FILES = ["passwd", "shadow", "group", "gshadow", "subuid", "subgid"];
const LOCK_NAME = new RegExp(`^(${ACCOUNT_FILES.join("|")})\\.(lock|\\d+)$`);

/** Source of process states and the boot time: `/proc`, or a fake of it in tests. */
export interface ProcessTable {
  /** Folder laid out like `/proc`, with `stat` and `<pid>/stat`. */
  procDir: string;
}

/**
 * Removes each account lock file (`/etc/passwd.lock`, `/etc/group.12345`, …)
 * of the target whose PID runs no live process (missing or a zombie), or
 * that was written before this boot, then each half-written `/etc/NAME+`
 * that no lock covers. A lock of a live process is kept, so a concurrent
 * `useradd` on a live system is never disturbed. Returns the removed target
 * paths.
 */
export async function removeStaleAccountLocks(
  files: LinuxFiles,
  table: ProcessTable = { procDir: "/proc" },
): Promise<string[]> {
  const etc = await files.hostPath("/etc");
  const bootTime = await readBootTime(table.procDir);
  const removed: string[] = [];

  for (const entry of await listFolder(etc)) {
    const match = LOCK_NAME.exec(entry.name);
    if (match === null || !entry.isFile) continue;

    const path = `/etc/${entry.name}`;
    const hostPath = `${etc}/${entry.name}`;
    const reason = await staleReason(hostPath, match[2], bootTime, table.procDir);
    if (reason === undefined) continue;

    await files.remove(path);
    removed.push(path);
    getLogger("platform", "users").warning("Removed the stale lock file {path}: {reason}.", {
      path,
      reason,
    });
  }

  // shadow-utils writes the new content to `NAME+` and renames it over NAME.
  // Without a lock on NAME no process is writing it, so a `NAME+` is left from
  // a killed writer, and NAME still contains the last complete content.
  const left = new Set((await listFolder(etc)).map((entry) => entry.name));
  for (const name of ACCOUNT_FILES) {
    if (!left.has(`${name}+`) || left.has(`${name}.lock`)) continue;
    const path = `/etc/${name}+`;
    await files.remove(path);
    removed.push(path);
    getLogger("platform", "users").warning(
      "Removed {path}, a half-written copy of /etc/{name} that an interrupted account change left.",
      { path, name },
    );
  }
  return removed;
}

async function staleReason(
  hostPath: string,
  suffix: string,
  bootTime: Date | undefined,
  procDir: string,
): Promise<string | undefined> {
  let text: string;
  let modified: Date | null;
  try {
    text = await Deno.readTextFile(hostPath);
    modified = (await Deno.stat(hostPath)).mtime;
  } catch (error) {
    // Its owner removed it in the meantime.
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }

  if (bootTime !== undefined && modified !== null && modified < bootTime) {
    return "it was written before this boot";
  }
  // shadow-utils writes the PID in decimal followed by a NUL byte.
  const pid = Number(suffix === "lock" ? /^\s*(\d+)/.exec(text)?.[1] : suffix);
  // An empty `NAME.PID` file is one whose writer died before writing its PID;
  // the suffix still names that writer.
  if (!Number.isInteger(pid) || pid <= 0) return undefined;

  const state = await processState(procDir, pid);
  if (state === undefined) return `process ${pid} does not exist`;
  if (state === "Z" || state === "X") return `process ${pid} has exited`;
  return undefined;
}

async function listFolder(path: string): Promise<Deno.DirEntry[]> {
  try {
    return await Array.fromAsync(Deno.readDir(path));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return [];
    throw error;
  }
}

/** Returns the state letter of process `pid` (`R`, `S`, `Z`, …), or undefined when it is gone. */
async function processState(procDir: string, pid: number): Promise<string | undefined> {
  const stat = await readProcFile(`${procDir}/${pid}/stat`);
  if (stat === undefined) return undefined;
  // The command name in brackets may itself hold spaces and brackets.
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[0];
}

async function readBootTime(procDir: string): Promise<Date | undefined> {
  const stat = await readProcFile(`${procDir}/stat`);
  const seconds = Number(/^btime (\d+)$/m.exec(stat ?? "")?.[1]);
  return Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000) : undefined;
}

/** Reads a file under /proc; undefined when it does not exist, as for a process that has exited. */
async function readProcFile(path: string): Promise<string | undefined> {
  try {
    return await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}
