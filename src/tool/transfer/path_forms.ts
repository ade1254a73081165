/**
 * Translation between the path forms users type and the forms each side
 * needs. Users may give Windows paths (`C:\x\y`) or POSIX paths (`/x/y`) for
 * either side. SFTP always uses `/` as separator, and a Windows drive path is
 * written `/C:/x/y`, the form Win32-OpenSSH's sftp-server uses.
 *
 * NOTE: the drive form has not been run against egs-service on a Windows
 * guest, whose SFTP code resolves paths with POSIX rules.
 */

import { posix } from "node:path";

/**
 * Converts a remote path as typed into its SFTP form. Relative paths stay
 * relative to the guest user's home, and a trailing separator is kept
 * because `upload-file` reads it as "into this directory".
 */
export function toSftpPath(input: string): string {
  const slashed = input.replace(/\\/g, "/");
  if (/^[A-Za-z]:(\/|$)/.test(slashed)) {
    const drive = slashed.slice(0, 2).toUpperCase();
    const rest = posix.normalize(slashed.slice(2) || "/");
    return `/${drive}${rest}`;
  }
  if (slashed === "") return ".";
  return posix.normalize(slashed);
}

/**
 * Converts a local path as typed into the form `os` uses. On Windows every
 * `/` becomes `\`. Elsewhere the text is kept, because `\` is a valid file
 * name character on Linux.
 */
export function toLocalPath(input: string, os: string = Deno.build.os): string {
  if (os !== "windows") return input;
  return input.replace(/\//g, "\\");
}

/** Joins an SFTP directory and a relative path made of `/`-separated names. */
export function joinSftpPath(directory: string, relative: string): string {
  if (relative === "") return directory;
  return posix.join(directory, relative);
}

/** Returns the last name of an SFTP path, for example `c.txt` for `/a/b/c.txt`. */
export function sftpBaseName(path: string): string {
  return posix.basename(path);
}

/**
 * Checks that a name read from the other side is a single path component,
 * so a hostile or broken listing cannot make a transfer write outside its
 * target (`..`, `/`, `\` and drive letters are rejected).
 */
export function isSafeEntryName(name: string): boolean {
  if (name === "" || name === "." || name === "..") return false;
  return !/[\/\\\0]/.test(name) && !/^[A-Za-z]:/.test(name);
}
