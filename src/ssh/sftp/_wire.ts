/**
 * Raw SFTP packets that ssh2 1.17's server side cannot send by itself: the
 * VERSION reply with an extension list, and SSH_FXP_EXTENDED_REPLY. ssh2
 * replies to INIT with a fixed `VERSION 3` and has no method for extended
 * replies, so both are written to the channel here through the same private
 * fields (`outgoing`, `_buffer`, `_waitWindow`, `_chunkcb`, `_protocol`) that
 * ssh2's own send path uses. The channel's window accounting is kept, and
 * packets queue behind ssh2's own when the window is full, so replies stay in
 * order.
 *
 * NOTE: these fields are private to ssh2; an ssh2 upgrade must re-run the
 * SFTP tests, which fail loudly (no extensions, no statvfs) if they change.
 */

import { Buffer } from "node:buffer";
import type { SFTPWrapper } from "ssh2";

const SSH_FXP_VERSION = 2;
const SSH_FXP_EXTENDED_REPLY = 201;

interface ChannelInternals {
  outgoing: { id: number; state: string; window: number; packetSize: number };
  _buffer: Buffer[];
  _waitWindow: boolean;
  _chunkcb: (() => void) | undefined;
  _protocol: {
    channelData(id: number, data: Buffer): void;
    exitStatus(id: number, status: number): void;
  };
  push(data: Uint8Array | null): void;
}

function internals(sftp: SFTPWrapper): ChannelInternals {
  return sftp as unknown as ChannelInternals;
}

/**
 * Makes `sftp` reply to the client's INIT with `VERSION 3` plus `extensions`
 * (name and version data). Must be called before the INIT packet arrives,
 * that is, in the same tick as ssh2's `accept()`.
 */
export function advertiseExtensions(
  sftp: SFTPWrapper,
  extensions: ReadonlyArray<readonly [string, string]>,
): void {
  const channel = internals(sftp);
  const originalPush = channel.push;
  const version = encodePacket(SSH_FXP_VERSION, [
    uint32(3),
    ...extensions.flatMap(
      ([name, data]) => [sshString(name), sshString(data)],
    ),
  ]);

  channel.push = function (data: Uint8Array | null): void {
    // ssh2 writes its fixed VERSION while it handles INIT; swap in ours and
    // drop the hook once INIT has been handled.
    const protocol = channel._protocol;
    const channelData = protocol.channelData;
    protocol.channelData = (id: number, payload: Buffer): void => {
      if (id === channel.outgoing.id && isBareVersion(payload)) {
        channel.outgoing.window -= version.length - payload.length;
        channelData.call(protocol, id, version);
        channel.push = originalPush;
        return;
      }
      channelData.call(protocol, id, payload);
    };
    try {
      originalPush.call(channel, data);
    } finally {
      protocol.channelData = channelData;
    }
  };
}

function isBareVersion(payload: Uint8Array): boolean {
  return payload.length === 9 && payload[4] === SSH_FXP_VERSION && payload[8] === 3 &&
    payload[0] === 0 && payload[1] === 0 && payload[2] === 0 && payload[3] === 5;
}

/**
 * Sends the channel request `exit-status`. sshd sends it when sftp-server
 * exits, and OpenSSH's scp fails ("Exit status -1") without it.
 */
export function sendExitStatus(sftp: SFTPWrapper, status: number): void {
  const channel = internals(sftp);
  if (channel.outgoing.state !== "open") return;
  channel._protocol.exitStatus(channel.outgoing.id, status);
}

/** Sends SSH_FXP_EXTENDED_REPLY for request `id` with `body` as its data. */
export function sendExtendedReply(sftp: SFTPWrapper, id: number, body: readonly Uint8Array[]) {
  sendPacket(sftp, encodePacket(SSH_FXP_EXTENDED_REPLY, [uint32(id), ...body]));
}

/**
 * Encodes an SFTP packet: length, type and the concatenated fields. It is a
 * Buffer because ssh2's channelData serializes any other Uint8Array as text.
 */
export function encodePacket(type: number, fields: readonly Uint8Array[]): Buffer {
  const length = 1 + fields.reduce((sum, field) => sum + field.length, 0);
  const packet = Buffer.alloc(4 + length);
  new DataView(packet.buffer).setUint32(0, length);
  packet[4] = type;
  let offset = 5;
  for (const field of fields) {
    packet.set(field, offset);
    offset += field.length;
  }
  return packet;
}

/** Encodes a big-endian uint32. */
export function uint32(value: number): Uint8Array {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, value);
  return bytes;
}

/** Encodes a big-endian uint64 from a number or bigint. */
export function uint64(value: number | bigint): Uint8Array {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(value));
  return bytes;
}

/** Encodes an SSH string: uint32 length, then the UTF-8 bytes. */
export function sshString(value: string): Uint8Array {
  const text = new TextEncoder().encode(value);
  const bytes = new Uint8Array(4 + text.length);
  new DataView(bytes.buffer).setUint32(0, text.length);
  bytes.set(text, 4);
  return bytes;
}

function sendPacket(sftp: SFTPWrapper, packet: Buffer): void {
  const channel = internals(sftp);
  if (channel._buffer.length > 0 || channel.outgoing.window === 0) {
    channel._buffer.push(packet);
    channel._waitWindow = true;
    channel._chunkcb = () => drainQueue(channel);
    return;
  }
  const rest = writeWithinWindow(channel, packet);
  if (rest !== undefined) {
    channel._buffer.push(rest);
    channel._waitWindow = true;
    channel._chunkcb = () => drainQueue(channel);
  }
}

/** Writes as much of `packet` as the window allows; returns the unsent rest. */
function writeWithinWindow(channel: ChannelInternals, packet: Buffer): Buffer | undefined {
  const outgoing = channel.outgoing;
  if (outgoing.state !== "open") return undefined;
  let offset = 0;
  while (offset < packet.length && outgoing.window > 0) {
    const size = Math.min(packet.length - offset, outgoing.window, outgoing.packetSize);
    outgoing.window -= size;
    channel._protocol.channelData(outgoing.id, packet.subarray(offset, offset + size));
    offset += size;
  }
  return offset < packet.length ? packet.subarray(offset) : undefined;
}

/** Sends queued packets (ssh2's and ours) in order as the window reopens. */
function drainQueue(channel: ChannelInternals): void {
  channel._chunkcb = undefined;
  while (channel._buffer.length > 0) {
    const rest = writeWithinWindow(channel, channel._buffer[0]);
    if (rest !== undefined) {
      channel._buffer[0] = rest;
      channel._waitWindow = true;
      channel._chunkcb = () => drainQueue(channel);
      return;
    }
    channel._buffer.shift();
  }
}
