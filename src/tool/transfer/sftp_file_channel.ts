/**
 * A small SFTP version 3 client (draft-ietf-secsh-filexfer-02) for file
 * content only, on its own `subsystem sftp` channel: open, read, write,
 * size, truncate and close. Transfers use it instead of ssh2's SFTP client,
 * which assembles each 255 KiB DATA reply in a new buffer and copies it again
 * into the caller's buffer, and copies each WRITE's data into a new request
 * buffer. Here the bytes of a DATA reply go straight from the decrypted SSH
 * packets into the caller's buffer, and a WRITE sends the caller's buffer
 * after a separate header.
 *
 * Errors carry the SFTP status as a numeric `code`, as ssh2's do, so
 * `remoteError()` words both the same way.
 */

import { Buffer } from "node:buffer";
import type { ClientChannel } from "ssh2";

/** Reads remote files by handle. */
export interface RemoteFileReader {
  /** Opens `path` for reading and returns the handle. */
  open(path: string): Promise<Uint8Array>;
  /** Reads up to `length` bytes at `position` into `into`; an empty result means end of file. */
  read(handle: Uint8Array, position: number, length: number, into: Buffer): Promise<Uint8Array>;
  close(handle: Uint8Array): Promise<void>;
}

/** Writes remote files by handle. */
export interface RemoteFileWriter {
  /** Opens `path` for writing, creating it when missing and keeping its content. */
  openForWrite(path: string): Promise<Uint8Array>;
  /** Returns the size of the open file. */
  size(handle: Uint8Array): Promise<number>;
  /**
   * Writes all of `data` (255 KiB at most) at `position`. `data` must stay
   * unchanged until the promise settles.
   */
  write(handle: Uint8Array, position: number, data: Uint8Array): Promise<void>;
  /** Cuts the open file to `size` bytes. */
  truncate(handle: Uint8Array, size: number): Promise<void>;
  close(handle: Uint8Array): Promise<void>;
}

/** Both directions of file content. */
export type RemoteFileAccess = RemoteFileReader & RemoteFileWriter;

const SSH_FXP_INIT = 1;
const SSH_FXP_VERSION = 2;
const SSH_FXP_OPEN = 3;
const SSH_FXP_CLOSE = 4;
const SSH_FXP_READ = 5;
const SSH_FXP_WRITE = 6;
const SSH_FXP_FSTAT = 8;
const SSH_FXP_FSETSTAT = 10;
const SSH_FXP_STATUS = 101;
const SSH_FXP_HANDLE = 102;
const SSH_FXP_DATA = 103;
const SSH_FXP_ATTRS = 105;
const SSH_FXF_READ = 0x01;
const SSH_FXF_WRITE = 0x02;
const SSH_FXF_CREAT = 0x08;
const SSH_FILEXFER_ATTR_SIZE = 0x01;
const SSH_FX_OK = 0;
const SSH_FX_EOF = 1;
/**
 * Largest write sent. OpenSSH's sftp-server and egs-service accept 255 KiB
 * (their `limits@openssh.com` reply) and close the channel on a larger one.
 */
const MAX_WRITE_LENGTH = 255 * 1024;
/** Largest reply accepted. A DATA reply contains at most 255 KiB here. */
const MAX_REPLY_LENGTH = 1 << 20;

/** A reply: the status, the handle or, for DATA, how many bytes landed in the request's buffer. */
type Reply =
  | { type: "status"; code: number; message: string }
  | { type: "handle"; handle: Uint8Array }
  | { type: "attrs"; size: number | undefined }
  | { type: "data"; length: number };

interface Pending {
  resolve(reply: Reply): void;
  reject(error: Error): void;
  /** Target buffer of a DATA reply. */
  into?: Buffer;
}

function sftpError(message: string, code?: number): Error {
  return Object.assign(new Error(message), { code });
}

/** The SFTP client on one channel. */
export class SftpFileChannel implements RemoteFileAccess {
  #channel: ClientChannel;
  #nextId = 1;
  #pending = new Map<number, Pending>();
  #failure: Error | undefined;

  // Parser state: the fixed part of the current reply, then its rest.
  #header = new Uint8Array(13);
  #headerFill = 0;
  #replyLength = 0;
  #replyType = 0;
  #replyId = 0;
  /** The rest of a non-DATA reply. */
  #body: Uint8Array | undefined;
  #bodyFill = 0;
  /** For a DATA reply: bytes still to come and where they go. */
  #dataLeft = 0;
  #dataFill = 0;
  #dataTarget: Pending | undefined;
  #versionReceived: ((version: number) => void) | undefined;

  private constructor(channel: ClientChannel) {
    this.#channel = channel;
    channel.on("data", (chunk: Buffer) => {
      try {
        this.#parse(chunk);
      } catch (error) {
        this.#fail(error as Error);
      }
    });
    channel.on("close", () => this.#fail(sftpError("The SFTP channel closed.")));
    channel.on("error", (error: Error) => this.#fail(error));
  }

  /** Starts SFTP on `channel` (a `subsystem sftp` channel) and waits for the server's version. */
  static async start(channel: ClientChannel): Promise<SftpFileChannel> {
    const reader = new SftpFileChannel(channel);
    const version = new Promise<number>((resolve) => reader.#versionReceived = resolve);
    const init = new Uint8Array(9);
    const view = new DataView(init.buffer);
    view.setUint32(0, 5);
    init[4] = SSH_FXP_INIT;
    view.setUint32(5, 3);
    channel.write(init);
    const received = await Promise.race([
      version,
      new Promise<never>((_, reject) => channel.once("close", () => reject(reader.#failure))),
    ]);
    if (received < 3) throw sftpError(`The server speaks SFTP version ${received}, not 3.`);
    return reader;
  }

  async open(path: string): Promise<Uint8Array> {
    const name = new TextEncoder().encode(path);
    const reply = await this.#request(SSH_FXP_OPEN, [
      string(name),
      uint32(SSH_FXF_READ),
      uint32(0),
    ]);
    if (reply.type === "handle") return reply.handle;
    throw statusError(reply, `open "${path}"`);
  }

  async read(
    handle: Uint8Array,
    position: number,
    length: number,
    into: Buffer,
  ): Promise<Uint8Array> {
    const reply = await this.#request(
      SSH_FXP_READ,
      [string(handle), uint64(position), uint32(length)],
      into,
    );
    if (reply.type === "data") return into.subarray(0, reply.length);
    if (reply.type === "status" && reply.code === SSH_FX_EOF) return into.subarray(0, 0);
    throw statusError(reply, "read");
  }

  async openForWrite(path: string): Promise<Uint8Array> {
    const name = new TextEncoder().encode(path);
    const flags = SSH_FXF_WRITE | SSH_FXF_CREAT;
    const reply = await this.#request(SSH_FXP_OPEN, [string(name), uint32(flags), uint32(0)]);
    if (reply.type === "handle") return reply.handle;
    throw statusError(reply, `open "${path}"`);
  }

  async size(handle: Uint8Array): Promise<number> {
    const reply = await this.#request(SSH_FXP_FSTAT, [string(handle)]);
    if (reply.type === "attrs" && reply.size !== undefined) return reply.size;
    throw statusError(reply, "fstat");
  }

  async write(handle: Uint8Array, position: number, data: Uint8Array): Promise<void> {
    if (data.length > MAX_WRITE_LENGTH) {
      throw new RangeError(
        `An SFTP write takes at most ${MAX_WRITE_LENGTH} bytes, not ${data.length}.`,
      );
    }
    const reply = await this.#request(
      SSH_FXP_WRITE,
      [string(handle), uint64(position), uint32(data.length)],
      undefined,
      data,
    );
    if (reply.type !== "status" || reply.code !== SSH_FX_OK) throw statusError(reply, "write");
  }

  async truncate(handle: Uint8Array, size: number): Promise<void> {
    const attributes = [uint32(SSH_FILEXFER_ATTR_SIZE), uint64(size)];
    const reply = await this.#request(SSH_FXP_FSETSTAT, [string(handle), ...attributes]);
    if (reply.type !== "status" || reply.code !== SSH_FX_OK) throw statusError(reply, "fsetstat");
  }

  async close(handle: Uint8Array): Promise<void> {
    const reply = await this.#request(SSH_FXP_CLOSE, [string(handle)]);
    if (reply.type !== "status" || reply.code !== SSH_FX_OK) throw statusError(reply, "close");
  }

  /** Closes the channel. */
  end(): void {
    this.#channel.end();
  }

  /**
   * Sends one request. `payload` (the data of a WRITE) follows the fields as
   * a separate channel write, so it is not copied into the request.
   */
  #request(
    type: number,
    fields: Uint8Array[],
    into?: Buffer,
    payload?: Uint8Array,
  ): Promise<Reply> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    const id = this.#nextId;
    this.#nextId = (this.#nextId + 1) >>> 0 || 1;

    const fieldLength = fields.reduce((sum, field) => sum + field.length, 0);
    const length = 5 + fieldLength + (payload?.length ?? 0);
    const packet = Buffer.allocUnsafe(9 + fieldLength);
    packet.writeUInt32BE(length, 0);
    packet[4] = type;
    packet.writeUInt32BE(id, 5);
    let offset = 9;
    for (const field of fields) {
      packet.set(field, offset);
      offset += field.length;
    }

    return new Promise<Reply>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, into });
      this.#channel.write(packet);
      if (payload !== undefined && payload.length > 0) this.#channel.write(payload);
    });
  }

  #parse(chunk: Uint8Array): void {
    let position = 0;
    while (position < chunk.length) {
      if (this.#dataTarget !== undefined) {
        const take = Math.min(this.#dataLeft, chunk.length - position);
        this.#dataTarget.into!.set(chunk.subarray(position, position + take), this.#dataFill);
        this.#dataFill += take;
        this.#dataLeft -= take;
        position += take;
        if (this.#dataLeft === 0) {
          const target = this.#dataTarget;
          this.#dataTarget = undefined;
          target.resolve({ type: "data", length: this.#dataFill });
        }
        continue;
      }

      if (this.#body !== undefined) {
        const take = Math.min(this.#body.length - this.#bodyFill, chunk.length - position);
        this.#body.set(chunk.subarray(position, position + take), this.#bodyFill);
        this.#bodyFill += take;
        position += take;
        if (this.#bodyFill === this.#body.length) this.#finishReply(this.#body);
        continue;
      }

      // The first 9 bytes (length, type, id) of every reply, and 4 more for DATA.
      const headerLength = this.#headerFill >= 5 && this.#header[4] === SSH_FXP_DATA ? 13 : 9;
      while (this.#headerFill < headerLength && position < chunk.length) {
        this.#header[this.#headerFill++] = chunk[position++];
      }
      if (this.#headerFill < 9) continue;
      const view = new DataView(this.#header.buffer);
      this.#replyLength = view.getUint32(0);
      this.#replyType = this.#header[4];
      if (this.#replyLength < 5 || this.#replyLength > MAX_REPLY_LENGTH) {
        throw sftpError(`The server sent an SFTP reply of ${this.#replyLength} bytes.`);
      }
      if (this.#replyType === SSH_FXP_VERSION) {
        // VERSION has no id. Bytes 5 to 8 are the version, and extensions follow.
        this.#replyId = -1;
        this.#startBody(this.#replyLength - 5);
        continue;
      }
      this.#replyId = view.getUint32(5);
      if (this.#replyType === SSH_FXP_DATA) {
        if (this.#headerFill < 13) continue;
        this.#startData(view.getUint32(9));
        continue;
      }
      this.#startBody(this.#replyLength - 5);
    }
  }

  #startBody(length: number): void {
    this.#headerFill = 0;
    this.#body = new Uint8Array(length);
    this.#bodyFill = 0;
    if (length === 0) this.#finishReply(this.#body);
  }

  #startData(length: number): void {
    this.#headerFill = 0;
    const target = this.#take(this.#replyId);
    if (
      target.into === undefined || length > target.into.length || length + 9 !== this.#replyLength
    ) {
      throw sftpError(`The server sent ${length} bytes of data that no read requested.`);
    }
    this.#dataTarget = target;
    this.#dataLeft = length;
    this.#dataFill = 0;
    if (length === 0) {
      this.#dataTarget = undefined;
      target.resolve({ type: "data", length: 0 });
    }
  }

  #finishReply(body: Uint8Array): void {
    this.#body = undefined;
    const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
    if (this.#replyType === SSH_FXP_VERSION) {
      // The version is in header bytes 5 to 8. The body contains extensions, which are ignored.
      this.#versionReceived?.(new DataView(this.#header.buffer).getUint32(5));
      this.#versionReceived = undefined;
      return;
    }
    const pending = this.#take(this.#replyId);
    if (this.#replyType === SSH_FXP_STATUS) {
      const code = view.getUint32(0);
      const messageLength = body.length >= 8 ? view.getUint32(4) : 0;
      const message = new TextDecoder().decode(body.subarray(8, 8 + messageLength));
      pending.resolve({ type: "status", code, message });
    } else if (this.#replyType === SSH_FXP_ATTRS) {
      const flags = view.getUint32(0);
      const size = flags & SSH_FILEXFER_ATTR_SIZE ? Number(view.getBigUint64(4)) : undefined;
      pending.resolve({ type: "attrs", size });
    } else if (this.#replyType === SSH_FXP_HANDLE) {
      const handleLength = view.getUint32(0);
      pending.resolve({ type: "handle", handle: body.slice(4, 4 + handleLength) });
    } else {
      pending.reject(
        sftpError(`The server sent an unexpected SFTP reply of type ${this.#replyType}.`),
      );
    }
  }

  #take(id: number): Pending {
    const pending = this.#pending.get(id);
    if (pending === undefined) {
      throw sftpError(`The server sent a response to request ${id}, which was not sent.`);
    }
    this.#pending.delete(id);
    return pending;
  }

  #fail(error: Error): void {
    if (this.#failure !== undefined) return;
    this.#failure = error;
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
    this.#dataTarget?.reject(error);
    this.#dataTarget = undefined;
    this.#channel.destroy();
  }
}

function statusError(reply: Reply, action: string): Error {
  if (reply.type !== "status") {
    return sftpError(`The server sent a ${reply.type} response to ${action}.`);
  }
  return sftpError(reply.message || `${action} failed with SFTP status ${reply.code}`, reply.code);
}

function uint32(value: number): Uint8Array {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, value);
  return bytes;
}

function uint64(value: number): Uint8Array {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(value));
  return bytes;
}

function string(value: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(4 + value.length);
  new DataView(bytes.buffer).setUint32(0, value.length);
  bytes.set(value, 4);
  return bytes;
}
