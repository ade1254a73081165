/**
 * SSH packets with an AEAD cipher, as OpenSSH implements them for AES-GCM
 * (RFC 5647) and chacha20-poly1305: the 4-byte length, then the padding
 * length, payload and padding, then a 16-byte tag. The classes have the
 * shape of the cipher and decipher objects inside ssh2's protocol layer, so
 * `install.ts` can put them in place of ssh2's own. What differs between the
 * two ciphers (the padding block, whether the length is encrypted, the keys
 * and nonces) is a {@linkcode PacketProtection}.
 */

import { Buffer } from "node:buffer";

/** Protection of one direction of one key. */
export interface PacketProtection {
  /** Padding block: 16 for AES-GCM, 8 for chacha20-poly1305. */
  readonly blockLength: number;
  /** Encrypts `packet` except its last 16 bytes in place and writes the tag into them. */
  seal(packet: Uint8Array, seqno: number): void;
  /** Returns the packet length from the 4 length bytes as they arrived. */
  length(lengthBytes: Uint8Array, seqno: number): number;
  /**
   * Checks `tag` and decrypts `body` into `output` (which may be the same
   * bytes). Returns false when the tag does not match.
   */
  open(
    lengthBytes: Uint8Array,
    body: Uint8Array,
    output: Uint8Array,
    tag: Uint8Array,
    seqno: number,
  ): boolean;
  /** Releases native resources; the protection is unusable afterwards. */
  free(): void;
}

const TAG_LENGTH = 16;
/** ssh2's limit on an incoming packet, kept so both implementations accept the same packets. */
const MAX_PACKET_SIZE = 35000;

/** Size of the blocks that packet buffers are cut from. */
const SLAB_BYTES = 1 << 20;
let slab = new ArrayBuffer(0);
let slabOffset = 0;

/**
 * Returns a buffer of `length` bytes cut from a shared 1 MiB block, so Deno
 * zero-fills one block instead of one new buffer per 32 KiB packet. Those
 * allocations measured at about a tenth of the daemon's CPU time in a
 * transfer. A block is freed by the garbage collector once no packet uses it.
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

/** Settings taken from the cipher object ssh2 created for a new key. */
export interface CipherSettings {
  seqno: number;
  onWrite: (packet: Uint8Array) => void;
}

/** Outgoing packets: the interface of ssh2's `AESGCMCipherNative`. */
export class AeadPacketCipher {
  outSeqno: number;
  #onWrite: (packet: Uint8Array) => void;
  #protection: PacketProtection;
  #dead = false;

  constructor(settings: CipherSettings, protection: PacketProtection) {
    this.outSeqno = settings.seqno;
    this.#onWrite = settings.onWrite;
    this.#protection = protection;
  }

  free(): void {
    if (this.#dead) return;
    this.#dead = true;
    this.#protection.free();
  }

  /** Allocates a packet with room for `payloadLength` bytes at offset 5 and for the tag. */
  allocPacket(payloadLength: number): Buffer {
    const block = this.#protection.blockLength;
    let packetLength = 4 + 1 + payloadLength;
    let padLength = block - ((packetLength - 4) & (block - 1));
    if (padLength < 4) padLength += block;
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
    this.#protection.seal(packet, this.outSeqno);
    this.#onWrite(packet);
    this.outSeqno = (this.outSeqno + 1) >>> 0;
  }
}

/** Settings taken from the decipher object ssh2 created for a new key. */
export interface DecipherSettings {
  seqno: number;
  onPayload: (payload: Buffer) => unknown;
}

/** Incoming packets: the interface of ssh2's `AESGCMDecipherNative`. */
export class AeadPacketDecipher {
  inSeqno: number;
  /** ssh2 replaces this during key exchange, so it stays a public field with ssh2's name. */
  _onPayload: (payload: Buffer) => unknown;
  #protection: PacketProtection;
  #dead = false;

  #lengthBytes = new Uint8Array(4);
  #lengthRead = 0;
  #length = 0;
  /** Body and tag of a packet that arrives in pieces. */
  #pending: Buffer | null = null;
  #pendingFill = 0;

  constructor(settings: DecipherSettings, protection: PacketProtection) {
    this.inSeqno = settings.seqno;
    this._onPayload = settings.onPayload;
    this.#protection = protection;
  }

  free(): void {
    if (this.#dead) return;
    this.#dead = true;
    this.#protection.free();
  }

  /**
   * Consumes `data[start..end)`, delivering each complete packet's payload.
   * Returns what ssh2's deciphers return: undefined when all input was used,
   * else the offset to resume from when a payload handler requested a pause.
   */
  decrypt(data: Uint8Array, start: number, end: number): number | undefined {
    let position = start;
    while (position < end) {
      if (this.#lengthRead < 4) {
        while (this.#lengthRead < 4 && position < end) {
          this.#lengthBytes[this.#lengthRead++] = data[position++];
        }
        if (this.#lengthRead < 4) return undefined;
        this.#length = this.#protection.length(this.#lengthBytes, this.inSeqno);
        const block = this.#protection.blockLength;
        if (
          this.#length + 20 > MAX_PACKET_SIZE || this.#length < block ||
          this.#length % block !== 0
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
      this.#lengthRead = 0;

      const result = this._onPayload(payload);
      if (result !== undefined) return result === false ? position : result as number;
    }
    return undefined;
  }

  #open(body: Uint8Array, output: Uint8Array, tag: Uint8Array): void {
    if (!this.#protection.open(this.#lengthBytes, body, output, tag, this.inSeqno)) {
      throw new Error("Invalid MAC");
    }
  }
}
