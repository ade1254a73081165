/**
 * Applies SFTP SETSTAT, FSETSTAT and lsetstat@openssh.com attributes in the
 * order OpenSSH's sftp-server does: size, permissions, times, owner.
 */

import { lchown, lutimes } from "node:fs/promises";
import type { Attributes } from "ssh2";
import { SftpStatus, SftpStatusError } from "./status.ts";

/** Target of an attribute change: a path (links followed), an open file, or a link itself. */
export type SetAttributesTarget =
  | { kind: "path"; path: string }
  | { kind: "file"; path: string; file: Deno.FsFile }
  | { kind: "link"; path: string };

/** Applies the attributes present in `attributes` to `target`; throws the first failure. */
export async function setAttributes(
  target: SetAttributesTarget,
  attributes: Attributes,
): Promise<void> {
  if (attributes.size !== undefined) {
    if (target.kind === "file") await target.file.truncate(attributes.size);
    else if (target.kind === "path") await Deno.truncate(target.path, attributes.size);
    else throw new SftpStatusError(SftpStatus.OP_UNSUPPORTED, "Cannot truncate a symbolic link");
  }

  if (attributes.mode !== undefined) {
    if (target.kind === "link" && (await Deno.lstat(target.path)).isSymlink) {
      // Linux has no permissions on symbolic links (fchmodat with
      // AT_SYMLINK_NOFOLLOW fails with EOPNOTSUPP for them).
      throw new SftpStatusError(SftpStatus.OP_UNSUPPORTED, "Cannot change a symbolic link's mode");
    }
    // NOTE: FSETSTAT changes the mode (and owner, below) by path because
    // Deno.FsFile has no chmod or chown. If the open file was renamed or
    // replaced, the change applies to whatever file now has that path.
    await Deno.chmod(target.path, attributes.mode & 0o7777);
  }

  if (attributes.atime !== undefined && attributes.mtime !== undefined) {
    if (target.kind === "file") await target.file.utime(attributes.atime, attributes.mtime);
    else if (target.kind === "path") {
      await Deno.utime(target.path, attributes.atime, attributes.mtime);
    } else await lutimes(target.path, attributes.atime, attributes.mtime);
  }

  if (attributes.uid !== undefined && attributes.gid !== undefined) {
    if (target.kind === "link") await lchown(target.path, attributes.uid, attributes.gid);
    else await Deno.chown(target.path, attributes.uid, attributes.gid);
  }
}
