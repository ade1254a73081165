/**
 * {@linkcode RemoteFileAccess} on ssh2's SFTP client. Transfers use it when
 * the guest does not open a second SFTP channel for `sftp_file_channel.ts`.
 */

import type { Buffer } from "node:buffer";
import type { SFTPWrapper } from "ssh2";
import type { RemoteFileAccess } from "./sftp_file_channel.ts";

/** SFTP open flags (draft-ietf-secsh-filexfer-02): write, and create when missing. */
const SSH_FXF_WRITE = 0x02;
const SSH_FXF_CREAT = 0x08;

/** Wraps one of ssh2's callback methods in a promise. */
function call<T>(start: (done: (error: Error | null | undefined, value: T) => void) => void) {
  return new Promise<T>((resolve, reject) => {
    start((error, value) => error ? reject(error) : resolve(value));
  });
}

/** Returns file access through the SFTP session `sftp`. */
export function ssh2FileAccess(sftp: SFTPWrapper): RemoteFileAccess {
  return {
    open: (path) => call<Buffer>((done) => sftp.open(path, "r", done)),
    openForWrite: (path) =>
      call<Buffer>((done) => sftp.open(path, SSH_FXF_WRITE | SSH_FXF_CREAT, done)),
    read: (handle, position, length, into) =>
      call<number>((done) => sftp.read(handle as Buffer, into, 0, length, position, done))
        .then((count) => into.subarray(0, count)),
    size: (handle) =>
      call<{ size: number }>((done) => sftp.fstat(handle as Buffer, done)).then((stats) =>
        stats.size
      ),
    write: (handle, position, data) =>
      call<void>((done) =>
        sftp.write(
          handle as Buffer,
          data as Buffer,
          0,
          data.length,
          position,
          (error) => done(error, undefined),
        )
      ),
    truncate: (handle, size) =>
      call<void>((done) =>
        sftp.fsetstat(handle as Buffer, { size }, (error) => done(error, undefined))
      ),
    close: (handle) =>
      call<void>((done) => sftp.close(handle as Buffer, (error) => done(error, undefined))),
  };
}
