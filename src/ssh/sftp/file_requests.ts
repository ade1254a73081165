/** Handlers for requests on open files: OPEN, READ, WRITE, CLOSE, FSTAT, FSETSTAT. */

import { Buffer } from "node:buffer";
import type { Attributes } from "ssh2";
import { attributesOf } from "./attributes.ts";
import { enqueue, type FileHandle } from "./handles.ts";
import { resolvePath } from "./paths.ts";
import type { SftpSession } from "./session.ts";
import { setAttributes } from "./set_attributes.ts";
import { SftpStatus, SftpStatusError } from "./status.ts";

/** Max bytes returned for one READ, the 255 KiB of OpenSSH's sftp-server. Longer requests get less. */
export const MAX_READ_LENGTH = 255 * 1024;

/** SSH_FXF_* open flags of SFTP v3. */
const FXF_READ = 0x01;
const FXF_WRITE = 0x02;
const FXF_APPEND = 0x04;
const FXF_CREAT = 0x08;
const FXF_TRUNC = 0x10;
const FXF_EXCL = 0x20;

/** Opens a file and replies with a handle. The mode in `attributes` applies on creation. */
export async function openFile(
  session: SftpSession,
  id: number,
  path: string,
  flags: number,
  attributes: Attributes,
): Promise<void> {
  const read = (flags & FXF_READ) !== 0;
  const write = (flags & FXF_WRITE) !== 0;
  const append = (flags & FXF_APPEND) !== 0;
  if (!read && !write && !append) {
    throw new SftpStatusError(
      SftpStatus.FAILURE,
      `Invalid open flags 0x${flags.toString(16)}: READ, WRITE or APPEND is required`,
    );
  }
  const create = (flags & FXF_CREAT) !== 0;
  const exclusive = (flags & FXF_EXCL) !== 0;

  const absolute = resolvePath(session.home, path);
  const file = await Deno.open(absolute, {
    read,
    write: write || append,
    append,
    create: create && !exclusive,
    createNew: create && exclusive,
    truncate: (flags & FXF_TRUNC) !== 0,
    mode: attributes.mode === undefined ? 0o666 : attributes.mode & 0o7777,
  });

  const handle: FileHandle = {
    kind: "file",
    path: absolute,
    file,
    position: append ? Number.NaN : 0,
    queue: Promise.resolve(),
  };
  session.sftp.handle(id, Buffer.from(session.handles.add(handle)));
}

/** Reads up to `length` bytes at `offset` and replies EOF when nothing is left. */
export async function readFile(
  session: SftpSession,
  id: number,
  handleBytes: Uint8Array,
  offset: number,
  length: number,
): Promise<void> {
  const handle = session.handles.file(handleBytes);
  const requestedLength = Math.min(length, MAX_READ_LENGTH);

  const data = await enqueue(handle, async () => {
    await seekTo(handle, offset);
    const buffer = takeReadBuffer(requestedLength);
    let filled = 0;
    while (filled < requestedLength) {
      const count = await handle.file.read(buffer.subarray(filled));
      if (count === null) break;
      filled += count;
    }
    handle.position += filled;
    return buffer.subarray(0, filled);
  });

  if (data.length === 0 && requestedLength > 0) {
    session.sftp.status(id, SftpStatus.EOF);
  } else {
    // ssh2 copies the data into its reply before data() returns.
    session.sftp.data(id, Buffer.from(data.buffer, data.byteOffset, data.length));
  }
  returnReadBuffer(data);
}

/**
 * Full-size read buffers kept for the next READ. A download of 512 MiB
 * otherwise allocates 512 MiB of buffers, and the garbage collection that
 * follows took about a tenth of the daemon's time.
 */
const spareReadBuffers: Uint8Array[] = [];
const SPARE_READ_BUFFERS = 4;

function takeReadBuffer(length: number): Uint8Array {
  if (length !== MAX_READ_LENGTH) return new Uint8Array(length);
  return spareReadBuffers.pop() ?? new Uint8Array(MAX_READ_LENGTH);
}

function returnReadBuffer(data: Uint8Array): void {
  const buffer = new Uint8Array(data.buffer);
  if (buffer.length === MAX_READ_LENGTH && spareReadBuffers.length < SPARE_READ_BUFFERS) {
    spareReadBuffers.push(buffer);
  }
}

/** Writes `data` at `offset` (at the end for files opened with APPEND). */
export async function writeFile(
  session: SftpSession,
  id: number,
  handleBytes: Uint8Array,
  offset: number,
  data: Uint8Array,
): Promise<void> {
  const handle = session.handles.file(handleBytes);

  await enqueue(handle, async () => {
    await seekTo(handle, offset);
    let written = 0;
    while (written < data.length) {
      written += await handle.file.write(data.subarray(written));
    }
    handle.position += written;
  });

  session.sftp.status(id, SftpStatus.OK);
}

/** Closes a file or directory handle once its pending operations have finished. */
export async function closeHandle(
  session: SftpSession,
  id: number,
  handleBytes: Uint8Array,
): Promise<void> {
  const handle = session.handles.remove(handleBytes);
  if (handle.kind === "file") {
    await handle.queue;
    handle.file.close();
  } else {
    // Ending the iterator early releases the directory's file descriptor.
    await handle.entries.return?.();
  }
  session.sftp.status(id, SftpStatus.OK);
}

/** Replies with the attributes of an open file. */
export async function statOpenFile(
  session: SftpSession,
  id: number,
  handleBytes: Uint8Array,
): Promise<void> {
  const handle = session.handles.file(handleBytes);
  const info = await enqueue(handle, () => handle.file.stat());
  session.sftp.attrs(id, attributesOf(info));
}

/** Applies attributes to an open file. */
export async function setOpenFileAttributes(
  session: SftpSession,
  id: number,
  handleBytes: Uint8Array,
  attributes: Attributes,
): Promise<void> {
  const handle = session.handles.file(handleBytes);
  await enqueue(
    handle,
    () => setAttributes({ kind: "file", path: handle.path, file: handle.file }, attributes),
  );
  session.sftp.status(id, SftpStatus.OK);
}

async function seekTo(handle: FileHandle, offset: number): Promise<void> {
  if (handle.position === offset) return;
  await handle.file.seek(offset, Deno.SeekMode.Start);
  handle.position = offset;
}
