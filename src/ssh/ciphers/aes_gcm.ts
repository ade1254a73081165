/**
 * AES-GCM packet encryption for SSH (RFC 5647 as OpenSSH implements
 * `aes128-gcm@openssh.com` and `aes256-gcm@openssh.com`) on top of an
 * {@linkcode AeadEngine}. The classes have the shape of the cipher and
 * decipher objects inside ssh2's protocol layer, so `install.ts` can put them
 * in place of ssh2's own.
 *
 * Packet layout: a 4-byte length sent in clear and authenticated as
 * additional data, then the encrypted padding length, payload and padding,
 * then a 16-byte tag. The 12-byte nonce is a fixed 4-byte part and a 64-bit
 * big-endian counter that grows by one per packet.
 */

import { Buffer } from "node:buffer";

/** Encrypts or decrypts one packet body in place and makes or checks its tag. */
export interface AeadEngine {
  /**
   * Encrypts `body` in place with `nonce`, authenticating `aad` too, and
   * writes the tag into `tag`.
   */
  seal(nonce: Uint8Array, aad: Uint8Array, body: Uint8Array, tag: Uint8Array): void;
  /**
   * Decrypts `input` into `output` (which may be the same bytes) with `nonce`
   * and returns whether `tag` matches.
   */
  open(
    nonce: Uint8Array,
    aad: Uint8Array,
    input: Uint8Array,
    output: Uint8Array,
    tag: Uint8Array,
  ): boolean;
  /** Releases native resources; the engine is unusable afterwards. */
  free(): void;
}

/** Builds an engine for one direction of one key. */
export type AeadEngineFactory = (key: Uint8Array, encrypt: boolean) => AeadEngine;

const TAG_LENGTH = 16;
const BLOCK_LENGTH = 16;
/** ssh2's limit on an incoming packet, kept so both implementations accept the same packets. */
const MAX_PACKET_SIZE = 35000;

/** Size of the blocks that packet buffers are cut from. */
const SLAB_BYTES = 1 << 20;
let slab = new ArrayBuffer(0);
let slabOffset = 0;

/**
 * Returns an uninitialized buffer of `length` bytes cut from a shared 1 MiB
 * block. Deno zero-fills every new buffer, and one allocation per 32 KiB
 * packet measured at about a tenth of the daemon's CPU time in a transfer.
 * A block is freed by the garbage collector once no packet uses it.
 */
function packetBuffer(length: number): Buffer {
  if (length > SLAB_BYTES / 8) return Buffer.allocUnsafe(length);
  if (slabOffset + length > slab.byteLength) {
    slab = new ArrayBuffer(SLAB_BYTES);
    slabOffset = 0;
  }
  const buffer = Buffer.from(slab, slabOffset, length);
  slabOffset += (length + 7) & ~7;
  return buffer;
}

/** Adds one to the 64-bit big-endian invocation counter in bytes 4 to 11 of `nonce`. */
export function incrementNonce(nonce: Uint8Array): void {
  for (let index = 11; index >= 4; index--) {
    nonce[index] = (nonce[index] + 1) & 0xff;
    if (nonce[index] !== 0) return;
  }
}

/** Settings taken from the cipher object ssh2 created for a new key. */
export interface GcmCipherSettings {
  key: Uint8Array;
  nonce: Uint8Array;
  seqno: number;
  onWrite: (packet: Uint8Array) => void;
}

/** Outgoing packets: the interface of ssh2's `AESGCMCipherNative`. */
export class GcmPacketCipher {
  outSeqno: number;
  #onWrite: (packet: Uint8Array) => void;
  #nonce: Uint8Array;
  #engine: AeadEngine;
  #dead = false;

  constructor(settings: GcmCipherSettings, engines: AeadEngineFactory) {
    this.outSeqno = settings.seqno;
    this.#onWrite = settings.onWrite;
    this.#nonce = Uint8Array.from(settings.nonce);
    this.#engine = engines(settings.key, true);
  }

  free(): void {
    if (this.#dead) return;
    this.#dead = true;
    this.#engine.free();
  }

  /** Allocates a packet with room for `payloadLength` bytes at offset 5 and for the tag. */
  allocPacket(payloadLength: number): Buffer {
    let packetLength = 4 + 1 + payloadLength;
    let padLength = BLOCK_LENGTH - ((packetLength - 4) & (BLOCK_LENGTH - 1));
    if (padLength < 4) padLength += BLOCK_LENGTH;
    packetLength += padLength;

    const packet = packetBuffer(packetLength + TAG_LENGTH);
    new DataView(packet.buffer, packet.byteOffset).setUint32(0, packetLength - 4);
    packet[4] = padLength;
    crypto.getRandomValues(packet.subarray(5 + payloadLength, packetLength));
    return packet;
  }

  /** Encrypts a packet from `allocPacket` in place and hands it to the transport. */
  encrypt(packet: Uint8Array): void {
    if (this.#dead) return;
    const end = packet.length - TAG_LENGTH;

    this.#engine.seal(
      this.#nonce,
      packet.subarray(0, 4),
      packet.subarray(4, end),
      packet.subarray(end),
    );
    incrementNonce(this.#nonce);

    this.#onWrite(packet);
    this.outSeqno = (this.outSeqno + 1) >>> 0;
  }
}

/** Settings taken from the decipher object ssh2 created for a new key. */
export interface GcmDecipherSettings {
  key: Uint8Array;
  nonce: Uint8Array;
  seqno: number;
  onPayload: (payload: Buffer) => unknown;
}

/** Incoming packets: the interface of ssh2's `AESGCMDecipherNative`. */
export class GcmPacketDecipher {
  inSeqno: number;
  /** ssh2 replaces this during key exchange, so it stays a public field with ssh2's name. */
  _onPayload: (payload: Buffer) => unknown;
  #nonce: Uint8Array;
  #engine: AeadEngine;
  #dead = false;

  #lengthBytes = new Uint8Array(4);
  #lengthRead = 0;
  #length = 0;
  /** Body and tag of a packet that arrives in pieces. */
  #pending: Buffer | null = null;
  #pendingFill = 0;

  constructor(settings: GcmDecipherSettings, engines: AeadEngineFactory) {
    this.inSeqno = settings.seqno;
    this._onPayload = settings.onPayload;
    this.#nonce = Uint8Array.from(settings.nonce);
    this.#engine = engines(settings.key, false);
  }

  free(): void {
    if (this.#dead) return;
    this.#dead = true;
    this.#engine.free();
  }

  /**
   * Consumes `data[start..end)`, delivering each complete packet's payload.
   * Returns what ssh2's deciphers return: undefined when all input was used,
   * else the offset to resume from when a payload handler asked to pause.
   */
  decrypt(data: Uint8Array, start: number, end: number): number | undefined {
    let position = start;
    while (position < end) {
      if (this.#lengthRead < 4) {
        while (this.#lengthRead < 4 && position < end) {
          this.#lengthBytes[this.#lengthRead++] = data[position++];
        }
        if (this.#lengthRead < 4) return undefined;
        this.#length = new DataView(this.#lengthBytes.buffer).getUint32(0);
        if (
          this.#length + 20 > MAX_PACKET_SIZE || this.#length < 16 ||
          (this.#length & 15) !== 0
        ) {
          throw new Error("Bad packet length");
        }
      }

      const length = this.#length;
      const needed = length + TAG_LENGTH;
      let packet: Buffer;
      if (this.#pending === null && end - position >= needed) {
        // In place: transports hand over each chunk once and never reuse it
        // (docs/transports.md), so the payload can stay a view of the chunk.
        const body = data.subarray(position, position + length);
        this.#open(body, body, data.subarray(position + length, position + needed));
        packet = Buffer.from(body.buffer, body.byteOffset, body.length);
        position += needed;
      } else {
        this.#pending ??= Buffer.allocUnsafe(needed);
        const take = Math.min(needed - this.#pendingFill, end - position);
        this.#pending.set(data.subarray(position, position + take), this.#pendingFill);
        this.#pendingFill += take;
        position += take;
        if (this.#pendingFill < needed) return undefined;
        packet = this.#pending.subarray(0, length);
        this.#open(packet, packet, this.#pending.subarray(length));
        this.#pending = null;
        this.#pendingFill = 0;
      }

      const payload = Buffer.from(
        packet.buffer,
        packet.byteOffset + 1,
        packet.length - packet[0] - 1,
      );
      this.inSeqno = (this.inSeqno + 1) >>> 0;
      incrementNonce(this.#nonce);
      this.#lengthRead = 0;

      const result = this._onPayload(payload);
      if (result !== undefined) return result === false ? position : result as number;
    }
    return undefined;
  }

  #open(input: Uint8Array, output: Uint8Array, tag: Uint8Array): void {
    if (!this.#engine.open(this.#nonce, this.#lengthBytes, input, output, tag)) {
      throw new Error("Invalid MAC");
    }
  }
}
