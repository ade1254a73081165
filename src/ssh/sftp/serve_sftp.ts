/**
 * The SFTP v3 server for one `sftp` subsystem channel. It replies to requests
 * the way OpenSSH's sftp-server does, so OpenSSH's sftp, scp (SFTP mode) and
 * clients built on ssh2 work against it.
 */

import type { SFTPWrapper } from "ssh2";
import { getLogger, type Logger } from "../../log/logging.ts";
import { advertiseExtensions, sendExitStatus } from "./_wire.ts";
import { handleExtended, SFTP_EXTENSIONS } from "./extensions.ts";
import {
  closeHandle,
  openFile,
  readFile,
  setOpenFileAttributes,
  statOpenFile,
  writeFile,
} from "./file_requests.ts";
import {
  makeDirectory,
  makeSymlink,
  openDirectory,
  readDirectory,
  readLink,
  realPath,
  removeDirectory,
  removeFile,
  renamePath,
  setPathAttributes,
  statPath,
} from "./path_requests.ts";
import { createSession, type SftpSession } from "./session.ts";
import { statusForError } from "./status.ts";

/** Options of {@linkcode serveSftp}. */
export interface ServeSftpOptions {
  /** Logger for request failures; defaults to the `egs.ssh.sftp` category. */
  log?: Logger;
  /** Absolute directory relative paths start from (the user's home, such as `/root`). Defaults to `/`. */
  cwd?: string;
}

/**
 * Serves SFTP requests on `sftp` (from ssh2's `session.on("sftp")` accept)
 * until the channel closes, then closes every handle the client left open.
 * Resolves once the channel has closed. Call it in the same tick as ssh2's
 * `accept()`, before the client's INIT arrives, so the VERSION reply carries
 * the extension list.
 */
export function serveSftp(sftp: SFTPWrapper, options: ServeSftpOptions = {}): Promise<void> {
  const log = options.log ?? getLogger("ssh", "sftp");
  const session = createSession(sftp, options.cwd ?? "/", log);
  advertiseExtensions(sftp, SFTP_EXTENSIONS);

  const on = (event: string, handler: (id: number, ...args: never[]) => Promise<void>) => {
    sftp.on(event as "OPEN", (id: number, ...args: unknown[]) => {
      respond(session, event, id, () => handler(id, ...(args as never[])));
    });
  };

  on("OPEN", (id, path: string, flags: number, attrs) => openFile(session, id, path, flags, attrs));
  on(
    "READ",
    (id, handle: Uint8Array, offset: number, length: number) =>
      readFile(session, id, handle, offset, length),
  );
  on(
    "WRITE",
    (id, handle: Uint8Array, offset: number, data: Uint8Array) =>
      writeFile(session, id, handle, offset, data),
  );
  on("CLOSE", (id, handle: Uint8Array) => closeHandle(session, id, handle));
  on("FSTAT", (id, handle: Uint8Array) => statOpenFile(session, id, handle));
  on(
    "FSETSTAT",
    (id, handle: Uint8Array, attrs) => setOpenFileAttributes(session, id, handle, attrs),
  );
  on("STAT", (id, path: string) => statPath(session, id, path, true));
  on("LSTAT", (id, path: string) => statPath(session, id, path, false));
  on("SETSTAT", (id, path: string, attrs) => setPathAttributes(session, id, path, attrs));
  on("OPENDIR", (id, path: string) => openDirectory(session, id, path));
  on("READDIR", (id, handle: Uint8Array) => readDirectory(session, id, handle));
  on("MKDIR", (id, path: string, attrs) => makeDirectory(session, id, path, attrs));
  on("RMDIR", (id, path: string) => removeDirectory(session, id, path));
  on("REMOVE", (id, path: string) => removeFile(session, id, path));
  on("RENAME", (id, from: string, to: string) => renamePath(session, id, from, to, false));
  on("REALPATH", (id, path: string) => realPath(session, id, path));
  on("READLINK", (id, path: string) => readLink(session, id, path));
  // ssh2 already swaps the arguments of OpenSSH clients, which send the
  // target first, so this always receives the link path first.
  on(
    "SYMLINK",
    (id, linkPath: string, targetPath: string) => makeSymlink(session, id, linkPath, targetPath),
  );
  on(
    "EXTENDED",
    (id, name: string, data: Uint8Array | undefined) => handleExtended(session, id, name, data),
  );

  // The client's EOF ends the session, as sftp-server exits when its stdin
  // ends; the channel closes once the replies still being written are sent.
  sftp.on("end", () => {
    session.ended = true;
    if (session.pending === 0) endSession(session);
  });
  sftp.on("error", (error: Error) => log.warning("SFTP channel error: {error}", { error }));
  return new Promise((resolve) => {
    sftp.on("close", () => {
      closeAll(session);
      resolve();
    });
  });
}

function respond(session: SftpSession, request: string, id: number, work: () => Promise<void>) {
  session.pending++;
  work().catch((error: unknown) => {
    const status = statusForError(error);
    session.log.debug("SFTP {request} failed: {message}", {
      request,
      message: status.message,
      error,
    });
    try {
      session.sftp.status(id, status.code, status.message);
    } catch (sendError) {
      session.log.warning("Cannot send the SFTP status for {request}: {error}", {
        request,
        error: sendError,
      });
    }
  }).finally(() => {
    session.pending--;
    if (session.ended && session.pending === 0) endSession(session);
  });
}

function endSession(session: SftpSession): void {
  sendExitStatus(session.sftp, 0);
  session.sftp.end();
}

function closeAll(session: SftpSession): void {
  for (const handle of session.handles.removeAll()) {
    if (handle.kind !== "file") {
      handle.entries.return?.().catch(() => {});
      continue;
    }
    handle.queue.finally(() => {
      try {
        handle.file.close();
      } catch {
        // Already closed by a CLOSE request that was still running.
      }
    });
  }
}
