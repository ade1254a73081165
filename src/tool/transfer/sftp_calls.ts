/**
 * Promise forms of the ssh2 SFTP requests the transfer code uses, with
 * failures turned into errors that name the remote path and the SFTP status.
 */

import type { Attributes, FileEntryWithStats, InputAttributes, SFTPWrapper } from "ssh2";
import { posix } from "node:path";
import { OperationError } from "../../errors.ts";
import { getLogger } from "../../log/logging.ts";
import { type ExistingKind } from "./overwrite_rule.ts";
import type { RemoteFileAccess } from "./sftp_file_channel.ts";
import { ssh2FileAccess } from "./ssh2_file_access.ts";
import { kindOfMode } from "./tree_entry.ts";

const log = getLogger("tool", "transfer");

/** SFTP status code of "no such file" (SSH_FX_NO_SUCH_FILE). */
const NO_SUCH_FILE = 2;
/** SFTP status code of "permission denied" (SSH_FX_PERMISSION_DENIED). */
const PERMISSION_DENIED = 3;

type SftpError = Error & { code?: number };

/** Promise wrappers around one SFTP session. */
export class SftpCalls {
  readonly sftp: SFTPWrapper;
  #openChannel: (() => Promise<RemoteFileAccess>) | undefined;
  #fileAccess: Promise<RemoteFileAccess> | undefined;

  /**
   * `openChannel` opens a second SFTP channel for file content
   * (`sftp_file_channel.ts`). Without it, or when it fails, file content
   * goes through `sftp`.
   */
  constructor(sftp: SFTPWrapper, openChannel?: () => Promise<RemoteFileAccess>) {
    this.sftp = sftp;
    this.#openChannel = openChannel;
  }

  /** Returns the access to file content, opened on first use. */
  fileAccess(): Promise<RemoteFileAccess> {
    this.#fileAccess ??= (async () => {
      if (this.#openChannel === undefined) return ssh2FileAccess(this.sftp);
      try {
        return await this.#openChannel();
      } catch (error) {
        log.debug("Transferring file content on the main SFTP channel: {error}", {
          error: String(error),
        });
        return ssh2FileAccess(this.sftp);
      }
    })();
    return this.#fileAccess;
  }

  /** Returns the attributes of `path` without following a final symlink, or undefined if absent. */
  lstatOrUndefined(path: string): Promise<Attributes | undefined> {
    return this.#call<Attributes | undefined>("read the attributes of", path, (done) => {
      this.sftp.lstat(path, (error, stats) => {
        if (error && (error as SftpError).code === NO_SUCH_FILE) done(undefined, undefined);
        else done(error, stats);
      });
    });
  }

  /** Returns the attributes of `path` following symlinks, or undefined if absent. */
  statOrUndefined(path: string): Promise<Attributes | undefined> {
    return this.#call<Attributes | undefined>("read the attributes of", path, (done) => {
      this.sftp.stat(path, (error, stats) => {
        if (error && (error as SftpError).code === NO_SUCH_FILE) done(undefined, undefined);
        else done(error, stats);
      });
    });
  }

  /** Returns what exists at `path`, following symlinks like a write would. */
  async existingKind(path: string): Promise<ExistingKind> {
    const stats = await this.statOrUndefined(path);
    if (stats === undefined) return undefined;
    const kind = kindOfMode(stats.mode);
    return kind === "file" || kind === "directory" ? kind : "other";
  }

  /** Lists a directory without `.` and `..`. */
  readdir(path: string): Promise<FileEntryWithStats[]> {
    return this.#call("list the directory", path, (done) => this.sftp.readdir(path, done));
  }

  /** Resolves `path` to its canonical absolute form. */
  realpath(path: string): Promise<string> {
    return this.#call("resolve", path, (done) => this.sftp.realpath(path, done));
  }

  /** Creates a directory with the given permission bits. */
  mkdir(path: string, mode: number): Promise<void> {
    return this.#call(
      "create the directory",
      path,
      (done) => this.sftp.mkdir(path, { mode }, done),
    );
  }

  /** Sets attributes (mode, times) of `path`. */
  setstat(path: string, attributes: InputAttributes): Promise<void> {
    return this.#call(
      "set the attributes of",
      path,
      (done) => this.sftp.setstat(path, attributes, done),
    );
  }

  #call<T>(
    action: string,
    path: string,
    start: (done: (error: unknown, value?: T) => void) => void,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      start((error, value) => {
        if (error) reject(remoteError(action, path, error as SftpError));
        else resolve(value as T);
      });
    });
  }
}

/** Wraps an SFTP failure on `path` in an OperationError naming the path and the likely fix. */
export function remoteError(action: string, path: string, error: SftpError): OperationError {
  let hint = "";
  if (error.code === NO_SUCH_FILE) {
    hint = action === "write"
      ? ` The folder "${posix.dirname(path)}" does not exist on the guest; create it first.`
      : " The path does not exist on the guest.";
  }
  if (error.code === PERMISSION_DENIED) {
    hint = " The guest's egs user lacks permission there; choose a path it can write.";
  }
  return new OperationError(`Cannot ${action} "${path}" on the guest: ${error.message}.${hint}`, {
    cause: error,
  });
}
