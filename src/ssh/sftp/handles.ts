/**
 * Open files and directories of one SFTP session, keyed by the opaque handle
 * strings sent to the client.
 */

import { SftpStatus, SftpStatusError } from "./status.ts";

/** An open file. Reads and writes on it run one at a time, in arrival order. */
export interface FileHandle {
  kind: "file";
  path: string;
  file: Deno.FsFile;
  /** Current position of `file`, so sequential requests skip the seek. */
  position: number;
  /** Tail of this handle's operation queue. */
  queue: Promise<unknown>;
}

/** An open directory and the entries not yet sent. */
export interface DirectoryHandle {
  kind: "directory";
  path: string;
  /** Entries still to send; `.` and `..` come first, as readdir(3) returns them. */
  pending: string[];
  entries: AsyncIterator<Deno.DirEntry>;
  done: boolean;
}

/** One of the handle kinds. */
export type SftpHandle = FileHandle | DirectoryHandle;

/** The handle table of one session. */
export class HandleTable {
  #next = 1;
  readonly #handles = new Map<string, SftpHandle>();

  /** Stores `handle` and returns the 4-byte handle string for the client. */
  add(handle: SftpHandle): Uint8Array {
    const id = this.#next++;
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setUint32(0, id);
    this.#handles.set(key(bytes), handle);
    return bytes;
  }

  /** Returns the open file behind `bytes`; throws an SFTP FAILURE for anything else. */
  file(bytes: Uint8Array): FileHandle {
    const handle = this.#handles.get(key(bytes));
    if (handle?.kind !== "file") throw invalidHandle();
    return handle;
  }

  /** Returns the open directory behind `bytes`; throws an SFTP FAILURE for anything else. */
  directory(bytes: Uint8Array): DirectoryHandle {
    const handle = this.#handles.get(key(bytes));
    if (handle?.kind !== "directory") throw invalidHandle();
    return handle;
  }

  /** Removes and returns the handle behind `bytes`. */
  remove(bytes: Uint8Array): SftpHandle {
    const id = key(bytes);
    const handle = this.#handles.get(id);
    if (handle === undefined) throw invalidHandle();
    this.#handles.delete(id);
    return handle;
  }

  /** Removes and returns every handle; used when the session ends. */
  removeAll(): SftpHandle[] {
    const all = [...this.#handles.values()];
    this.#handles.clear();
    return all;
  }

  /** Number of open handles. */
  get size(): number {
    return this.#handles.size;
  }
}

/** Runs `operation` after every earlier operation on the same file handle. */
export function enqueue<T>(handle: FileHandle, operation: () => Promise<T>): Promise<T> {
  const result = handle.queue.then(operation, operation);
  handle.queue = result.catch(() => {});
  return result;
}

function key(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

function invalidHandle(): SftpStatusError {
  return new SftpStatusError(SftpStatus.FAILURE, "Invalid handle");
}
