/**
 * Handlers for requests on paths: STAT, LSTAT, SETSTAT, MKDIR, RMDIR, REMOVE,
 * RENAME, REALPATH, READLINK, SYMLINK, OPENDIR and READDIR.
 */

import { Buffer } from "node:buffer";
import { posix } from "node:path";
import type { Attributes, FileEntry } from "ssh2";
import { attributesOf, longName } from "./attributes.ts";
import { canonicalPath, resolvePath } from "./paths.ts";
import type { SftpSession } from "./session.ts";
import { setAttributes } from "./set_attributes.ts";
import { SftpStatus, SftpStatusError } from "./status.ts";

/** Entries per READDIR reply; OpenSSH's sftp-server sends at most 100 as well. */
const READDIR_BATCH = 100;

/** Replies with the attributes of `path`, following a final symbolic link when `follow` is set. */
export async function statPath(
  session: SftpSession,
  id: number,
  path: string,
  follow: boolean,
): Promise<void> {
  const absolute = resolvePath(session.home, path);
  const info = follow ? await Deno.stat(absolute) : await Deno.lstat(absolute);
  session.sftp.attrs(id, attributesOf(info));
}

/** Applies attributes to `path`, following symbolic links. */
export async function setPathAttributes(
  session: SftpSession,
  id: number,
  path: string,
  attributes: Attributes,
): Promise<void> {
  await setAttributes({ kind: "path", path: resolvePath(session.home, path) }, attributes);
  session.sftp.status(id, SftpStatus.OK);
}

/** Creates a directory with the mode in `attributes` (default 0777, less the umask). */
export async function makeDirectory(
  session: SftpSession,
  id: number,
  path: string,
  attributes: Attributes,
): Promise<void> {
  const mode = attributes.mode === undefined ? 0o777 : attributes.mode & 0o7777;
  await Deno.mkdir(resolvePath(session.home, path), { mode });
  session.sftp.status(id, SftpStatus.OK);
}

/** Removes an empty directory; anything else fails as rmdir(2) would. */
export async function removeDirectory(session: SftpSession, id: number, path: string) {
  const absolute = resolvePath(session.home, path);
  if (!(await Deno.lstat(absolute)).isDirectory) {
    throw new SftpStatusError(SftpStatus.FAILURE, "Not a directory");
  }
  await Deno.remove(absolute);
  session.sftp.status(id, SftpStatus.OK);
}

/** Removes a file or symbolic link; a directory fails as unlink(2) would. */
export async function removeFile(session: SftpSession, id: number, path: string) {
  const absolute = resolvePath(session.home, path);
  if ((await Deno.lstat(absolute)).isDirectory) {
    throw new SftpStatusError(SftpStatus.FAILURE, "Is a directory");
  }
  await Deno.remove(absolute);
  session.sftp.status(id, SftpStatus.OK);
}

/**
 * Renames `from` to `to`. Plain SFTP v3 RENAME fails when `to` exists;
 * posix-rename@openssh.com (`replace`) overwrites it as rename(2) does.
 */
export async function renamePath(
  session: SftpSession,
  id: number,
  from: string,
  to: string,
  replace: boolean,
): Promise<void> {
  const source = resolvePath(session.home, from);
  const target = resolvePath(session.home, to);
  if (!replace && (await pathExists(target))) {
    throw new SftpStatusError(SftpStatus.FAILURE, "File exists");
  }
  await Deno.rename(source, target);
  session.sftp.status(id, SftpStatus.OK);
}

/** Replies with the canonical absolute path. `.` and the empty path are the home. */
export async function realPath(session: SftpSession, id: number, path: string): Promise<void> {
  const canonical = await canonicalPath(session.home, path);
  session.sftp.name(id, [{ filename: canonical, longname: canonical, attrs: {} as Attributes }]);
}

/** Replies with the target of a symbolic link. */
export async function readLink(session: SftpSession, id: number, path: string): Promise<void> {
  const target = await Deno.readLink(resolvePath(session.home, path));
  session.sftp.name(id, [{ filename: target, longname: target, attrs: {} as Attributes }]);
}

/** Creates `linkPath` pointing at `targetPath`, which is stored as given. */
export async function makeSymlink(
  session: SftpSession,
  id: number,
  linkPath: string,
  targetPath: string,
): Promise<void> {
  await Deno.symlink(targetPath, resolvePath(session.home, linkPath));
  session.sftp.status(id, SftpStatus.OK);
}

/** Opens a directory for READDIR. */
export async function openDirectory(session: SftpSession, id: number, path: string) {
  const absolute = resolvePath(session.home, path);
  if (!(await Deno.stat(absolute)).isDirectory) {
    throw new SftpStatusError(SftpStatus.FAILURE, "Not a directory");
  }
  const entries = Deno.readDir(absolute)[Symbol.asyncIterator]();
  const handle = session.handles.add({
    kind: "directory",
    path: absolute,
    pending: [".", ".."],
    entries,
    done: false,
  });
  session.sftp.handle(id, Buffer.from(handle));
}

/** Replies with the next batch of entries, or EOF when the directory is exhausted. */
export async function readDirectory(session: SftpSession, id: number, handleBytes: Uint8Array) {
  const handle = session.handles.directory(handleBytes);
  const names = handle.pending.splice(0, READDIR_BATCH);
  while (names.length < READDIR_BATCH && !handle.done) {
    const next = await handle.entries.next();
    if (next.done) handle.done = true;
    else names.push(next.value.name);
  }
  if (names.length === 0) {
    session.sftp.status(id, SftpStatus.EOF);
    return;
  }

  const accounts = await session.accounts();
  const now = new Date();
  const infos = await Promise.allSettled(
    names.map((name) => Deno.lstat(posix.join(handle.path, name))),
  );
  const entries: FileEntry[] = [];
  infos.forEach((result, index) => {
    // An entry removed since it was listed is left out, as ls does.
    if (result.status === "rejected") return;
    const name = names[index];
    entries.push({
      filename: name,
      longname: longName(name, result.value, accounts, now),
      attrs: attributesOf(result.value) as FileEntry["attrs"],
    });
  });
  session.sftp.name(id, entries);
}

async function pathExists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}
