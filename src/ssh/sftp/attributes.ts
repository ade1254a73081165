/**
 * Converts between Deno's FileInfo and SFTP v3 file attributes, and formats
 * the `ls -l` style long name that OpenSSH's sftp client prints for `ls -l`.
 */

import type { Attributes } from "ssh2";
import type { AccountNames } from "./account_names.ts";

/** Returns the SFTP attributes (size, uid/gid, permissions with type bits, times) of a file. */
export function attributesOf(info: Deno.FileInfo): Attributes {
  return {
    size: info.size,
    uid: info.uid ?? 0,
    gid: info.gid ?? 0,
    mode: info.mode ?? defaultMode(info),
    atime: seconds(info.atime),
    mtime: seconds(info.mtime),
  };
}

function seconds(date: Date | null): number {
  return date === null ? 0 : Math.floor(date.getTime() / 1000);
}

/** Builds a mode for systems where Deno reports none (Windows): type bits plus 0755 or 0644. */
function defaultMode(info: Deno.FileInfo): number {
  if (info.isDirectory) return 0o040755;
  if (info.isSymlink) return 0o120777;
  return 0o100644;
}

const TYPE_LETTERS: ReadonlyArray<readonly [number, string]> = [
  [0o140000, "s"],
  [0o120000, "l"],
  [0o100000, "-"],
  [0o060000, "b"],
  [0o040000, "d"],
  [0o020000, "c"],
  [0o010000, "p"],
];

/** Formats a mode as `ls -l` does, such as `drwxr-xr-x` or `-rwsr-xr-x`. */
export function modeString(mode: number): string {
  const type = mode & 0o170000;
  const letter = TYPE_LETTERS.find(([bits]) => bits === type)?.[1] ?? "?";
  const triplet = (shift: number, special: boolean, specialLetter: string) => {
    const bits = (mode >> shift) & 0o7;
    const execute = bits & 1
      ? (special ? specialLetter : "x")
      : (special ? specialLetter.toUpperCase() : "-");
    return (bits & 4 ? "r" : "-") + (bits & 2 ? "w" : "-") + execute;
  };
  return letter +
    triplet(6, (mode & 0o4000) !== 0, "s") +
    triplet(3, (mode & 0o2000) !== 0, "s") +
    triplet(0, (mode & 0o1000) !== 0, "t");
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const SIX_MONTHS_SECONDS = 182 * 24 * 3600;

/**
 * Formats a directory entry like OpenSSH's sftp-server: mode, link count,
 * owner, group, size, modification time (the year instead of the time for
 * entries older than six months or in the future) and name.
 */
export function longName(
  name: string,
  info: Deno.FileInfo,
  accounts: AccountNames,
  now: Date = new Date(),
): string {
  const attributes = attributesOf(info);
  const mtime = new Date((attributes.mtime ?? 0) * 1000);
  const age = now.getTime() / 1000 - (attributes.mtime ?? 0);
  const day = String(mtime.getDate()).padStart(2, " ");
  const when = age >= 0 && age < SIX_MONTHS_SECONDS
    ? `${MONTHS[mtime.getMonth()]} ${day} ${pad2(mtime.getHours())}:${pad2(mtime.getMinutes())}`
    : `${MONTHS[mtime.getMonth()]} ${day}  ${mtime.getFullYear()}`;
  const owner = accounts.user(attributes.uid ?? 0).slice(0, 8).padEnd(8);
  const group = accounts.group(attributes.gid ?? 0).slice(0, 8).padEnd(8);
  const links = String(info.nlink ?? 1).padStart(3);
  const size = String(attributes.size ?? 0).padStart(8);
  return `${modeString(attributes.mode ?? 0)} ${links} ${owner} ${group} ${size} ${when} ${name}`;
}

function pad2(value: number): string {
  return String(value).padStart(2, "0");
}
