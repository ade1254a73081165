/**
 * OpenSSH's SFTP extensions (described in OpenSSH's PROTOCOL file, section
 * 4): the list advertised in VERSION and the handler for EXTENDED requests.
 */

import type { Attributes } from "ssh2";
import { sendExtendedReply, uint64 } from "./_wire.ts";
import { statFileSystem } from "./_statvfs.ts";
import { MAX_READ_LENGTH } from "./file_requests.ts";
import { enqueue } from "./handles.ts";
import { realPath, renamePath } from "./path_requests.ts";
import { expandHome, resolvePath } from "./paths.ts";
import type { SftpSession } from "./session.ts";
import { setAttributes } from "./set_attributes.ts";
import { SftpStatus, SftpStatusError } from "./status.ts";

/** Extensions advertised in the VERSION reply, with their version strings. */
export const SFTP_EXTENSIONS: ReadonlyArray<readonly [string, string]> = [
  ["posix-rename@openssh.com", "1"],
  ["statvfs@openssh.com", "2"],
  ["fstatvfs@openssh.com", "2"],
  ["hardlink@openssh.com", "1"],
  ["fsync@openssh.com", "1"],
  ["lsetstat@openssh.com", "1"],
  ["limits@openssh.com", "1"],
  ["expand-path@openssh.com", "1"],
];

/** Largest SFTP packet ssh2 accepts from the client, in bytes. */
const MAX_PACKET_LENGTH = 256 * 1024;

/** Handles one EXTENDED request and replies OP_UNSUPPORTED to an unknown extension name. */
export async function handleExtended(
  session: SftpSession,
  id: number,
  name: string,
  data: Uint8Array | undefined,
): Promise<void> {
  const reader = new FieldReader(data ?? new Uint8Array(0));
  switch (name) {
    case "posix-rename@openssh.com":
      return await renamePath(session, id, reader.text(), reader.text(), true);
    case "statvfs@openssh.com":
      return await replyStatvfs(session, id, resolvePath(session.home, reader.text()));
    case "fstatvfs@openssh.com":
      return await replyStatvfs(session, id, session.handles.file(reader.bytes()).path);
    case "hardlink@openssh.com": {
      const from = resolvePath(session.home, reader.text());
      await Deno.link(from, resolvePath(session.home, reader.text()));
      return session.sftp.status(id, SftpStatus.OK);
    }
    case "fsync@openssh.com": {
      const handle = session.handles.file(reader.bytes());
      await enqueue(handle, () => handle.file.sync());
      return session.sftp.status(id, SftpStatus.OK);
    }
    case "lsetstat@openssh.com": {
      const path = resolvePath(session.home, reader.text());
      await setAttributes({ kind: "link", path }, reader.attributes());
      return session.sftp.status(id, SftpStatus.OK);
    }
    case "limits@openssh.com":
      // A max-open-handles of 0 means the server sets no limit.
      return sendExtendedReply(session.sftp, id, [
        uint64(MAX_PACKET_LENGTH),
        uint64(MAX_READ_LENGTH),
        uint64(MAX_READ_LENGTH),
        uint64(0),
      ]);
    case "expand-path@openssh.com":
      return await realPath(session, id, expandHome(session.home, reader.text()));
    default:
      session.sftp.status(id, SftpStatus.OP_UNSUPPORTED, `Unsupported extension "${name}"`);
  }
}

async function replyStatvfs(session: SftpSession, id: number, path: string): Promise<void> {
  const stats = await statFileSystem(path);
  // Only ST_RDONLY (1) and ST_NOSUID (2) are defined for the reply; Linux uses the same bits.
  const flags = stats.flags & 3n;
  sendExtendedReply(session.sftp, id, [
    uint64(stats.blockSize),
    uint64(stats.fragmentSize),
    uint64(stats.blocks),
    uint64(stats.freeBlocks),
    uint64(stats.availableBlocks),
    uint64(stats.files),
    uint64(stats.freeFiles),
    uint64(stats.availableFiles),
    uint64(stats.fileSystemId),
    uint64(flags),
    uint64(stats.maxNameLength),
  ]);
}

/** Reads SSH strings, uint32s and ATTRS from an extension's request data. */
class FieldReader {
  #offset = 0;
  readonly #view: DataView;

  constructor(private readonly data: Uint8Array) {
    this.#view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  }

  uint32(): number {
    if (this.#offset + 4 > this.data.length) throw malformed();
    const value = this.#view.getUint32(this.#offset);
    this.#offset += 4;
    return value;
  }

  bytes(): Uint8Array {
    const length = this.uint32();
    if (this.#offset + length > this.data.length) throw malformed();
    const value = this.data.subarray(this.#offset, this.#offset + length);
    this.#offset += length;
    return value;
  }

  text(): string {
    return new TextDecoder().decode(this.bytes());
  }

  /** Reads SFTP v3 ATTRS: flags, then size, uid/gid, permissions and times as flagged. */
  attributes(): Attributes {
    const flags = this.uint32();
    const attributes: Partial<Attributes> = {};
    if (flags & 0x1) {
      const high = this.uint32();
      attributes.size = high * 2 ** 32 + this.uint32();
    }
    if (flags & 0x2) {
      attributes.uid = this.uint32();
      attributes.gid = this.uint32();
    }
    if (flags & 0x4) attributes.mode = this.uint32();
    if (flags & 0x8) {
      attributes.atime = this.uint32();
      attributes.mtime = this.uint32();
    }
    return attributes as Attributes;
  }
}

function malformed(): SftpStatusError {
  return new SftpStatusError(SftpStatus.BAD_MESSAGE, "Malformed extension request");
}
