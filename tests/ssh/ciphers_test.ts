/**
 * AEAD packets on libcrypto. AES-GCM bytes match node:crypto's AES-GCM, and
 * chacha20-poly1305 bytes match ssh2's own implementation in both
 * directions. The decipher reassembles packets cut at any point and rejects
 * a changed byte. Two ssh2 peers in this process end up on the replacement
 * classes.
 */

import { Buffer } from "node:buffer";
import { type CipherGCM, createCipheriv } from "node:crypto";
import { createServer, type Server } from "node:net";
import ssh2 from "ssh2";
import { libcrypto } from "../../ffi/libcrypto.ts";
import ssh2Crypto from "ssh2/lib/protocol/crypto.js";
import { AeadPacketCipher, AeadPacketDecipher } from "../../src/ssh/ciphers/aead_packets.ts";
import { gcmProtection, incrementNonce } from "../../src/ssh/ciphers/aes_gcm.ts";
import {
  chaCha20Poly1305Protection,
  hasChaCha20Poly1305,
} from "../../src/ssh/ciphers/chacha20_poly1305.ts";
import { installFastCiphers } from "../../src/ssh/ciphers/install.ts";
import { libcryptoGcmEngines } from "../../src/ssh/ciphers/libcrypto_engine.ts";
import { assert, assertEquals, assertThrows } from "../_support/assert.ts";

const library = libcrypto();
const ignore = library === null;

function randomBytes(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let offset = 0; offset < length; offset += 65536) {
    crypto.getRandomValues(bytes.subarray(offset, Math.min(length, offset + 65536)));
  }
  return bytes;
}

const gcm = (key: Uint8Array, nonce: Uint8Array, encrypt: boolean) =>
  gcmProtection(libcryptoGcmEngines(library!)(key, encrypt), nonce);

/** Encrypts `payloads` into one stream of wire bytes and returns it with the packets. */
function sealAll(key: Uint8Array, nonce: Uint8Array, payloads: Uint8Array[]) {
  const wire: Uint8Array[] = [];
  const cipher = new AeadPacketCipher(
    { seqno: 7, onWrite: (packet) => wire.push(Uint8Array.from(packet)) },
    gcm(key, nonce, true),
  );
  const clear: Uint8Array[] = [];
  for (const payload of payloads) {
    const packet = cipher.allocPacket(payload.length);
    packet.set(payload, 5);
    clear.push(Uint8Array.from(packet.subarray(0, packet.length - 16)));
    cipher.encrypt(packet);
  }
  assertEquals(cipher.outSeqno, 7 + payloads.length);
  cipher.free();
  return { wire, clear };
}

Deno.test({
  name: "AES-GCM packets match node:crypto's AES-GCM byte for byte",
  ignore,
  fn() {
    for (const keyLength of [16, 32]) {
      const key = randomBytes(keyLength);
      const nonce = randomBytes(12);
      nonce.fill(0xff, 4, 12);
      const payloads = [randomBytes(1), randomBytes(100), randomBytes(32768)];
      const { wire, clear } = sealAll(key, nonce, payloads);

      const expectedNonce = Uint8Array.from(nonce);
      for (let index = 0; index < wire.length; index++) {
        const algorithm = `aes-${keyLength * 8}-gcm`;
        const reference = createCipheriv(algorithm, key, expectedNonce) as CipherGCM;
        reference.setAAD(clear[index].subarray(0, 4));
        const body = Buffer.concat([reference.update(clear[index].subarray(4)), reference.final()]);
        const expected = Buffer.concat([clear[index].subarray(0, 4), body, reference.getAuthTag()]);
        assertEquals(Buffer.from(wire[index]).equals(expected), true, `packet ${index}`);
        incrementNonce(expectedNonce);
      }
    }
  },
});

Deno.test("the nonce counter carries across all eight bytes and leaves the fixed part", () => {
  const nonce = Uint8Array.from([1, 2, 3, 4, 0, 0, 0, 0, 0, 0, 0xff, 0xff]);
  incrementNonce(nonce);
  assertEquals([...nonce], [1, 2, 3, 4, 0, 0, 0, 0, 0, 1, 0, 0]);
  nonce.fill(0xff, 4);
  incrementNonce(nonce);
  assertEquals([...nonce], [1, 2, 3, 4, 0, 0, 0, 0, 0, 0, 0, 0]);
});

Deno.test({
  name: "the decipher returns every payload however the stream is cut",
  ignore,
  fn() {
    const key = randomBytes(16);
    const nonce = randomBytes(12);
    const payloads = Array.from({ length: 40 }, (_, index) => randomBytes((index * 977) % 33000));
    const stream = Buffer.concat(sealAll(key, nonce, payloads).wire);

    for (const cut of [1, 3, 17, 4096, 65536, stream.length]) {
      const received: Uint8Array[] = [];
      const decipher = new AeadPacketDecipher({
        seqno: 7,
        onPayload: (payload) => void received.push(Uint8Array.from(payload)),
      }, gcm(key, nonce, false));
      // The decipher decrypts whole packets in place, as a transport's chunks are its own.
      const wire = Uint8Array.from(stream);
      for (let offset = 0; offset < wire.length; offset += cut) {
        const chunk = wire.subarray(offset, Math.min(wire.length, offset + cut));
        assertEquals(decipher.decrypt(chunk, 0, chunk.length), undefined);
      }
      assertEquals(received.length, payloads.length, `cut ${cut}`);
      for (let index = 0; index < payloads.length; index++) {
        assertEquals(Buffer.from(received[index]).equals(payloads[index]), true, `cut ${cut}`);
      }
      assertEquals(decipher.inSeqno, 7 + payloads.length);
      decipher.free();
    }
  },
});

Deno.test({
  name: "the decipher pauses where the payload handler returns false",
  ignore,
  fn() {
    const key = randomBytes(32);
    const nonce = randomBytes(12);
    const stream = Buffer.concat(sealAll(key, nonce, [randomBytes(10), randomBytes(20)]).wire);
    let seen = 0;
    const decipher = new AeadPacketDecipher(
      { seqno: 0, onPayload: () => (++seen === 1 ? false : undefined) },
      gcm(key, nonce, false),
    );
    const resume = decipher.decrypt(stream, 0, stream.length);
    assertEquals(seen, 1);
    assert(resume !== undefined, "decrypt() returned no offset to resume from");
    assert(resume > 0, "the pause came after the first packet");
    assert(resume < stream.length, "the second packet was left to resume");
    assertEquals(decipher.decrypt(stream, resume, stream.length), undefined);
    assertEquals(seen, 2);
    decipher.free();
  },
});

Deno.test({
  name: "a changed byte or a bad length is rejected",
  ignore,
  fn() {
    const key = randomBytes(16);
    const nonce = randomBytes(12);
    const packet = sealAll(key, nonce, [randomBytes(64)]).wire[0];
    const open = (bytes: Uint8Array) => {
      const decipher = new AeadPacketDecipher(
        { seqno: 0, onPayload: () => {} },
        gcm(key, nonce, false),
      );
      try {
        decipher.decrypt(bytes, 0, bytes.length);
      } finally {
        decipher.free();
      }
    };

    for (const position of [10, packet.length - 1]) {
      const changed = Uint8Array.from(packet);
      changed[position] ^= 1;
      assertThrows(() => open(changed), Error, "Invalid MAC");
    }
    const badLength = Uint8Array.from(packet);
    badLength[3] = 17;
    assertThrows(() => open(badLength), Error, "Bad packet length");
  },
});

for (const cipher of ["aes256-gcm@openssh.com", "chacha20-poly1305@openssh.com"] as const) {
  Deno.test({
    name: `two ssh2 peers exchange data over ${cipher} on libcrypto`,
    ignore: ignore || (cipher.startsWith("chacha") && !hasChaCha20Poly1305(library!)),
    async fn() {
      assertEquals(installFastCiphers(), {
        name: library!.name,
        chaCha20Poly1305: hasChaCha20Poly1305(library!),
      });
      const hostKey = ssh2.utils.generateKeyPairSync("ed25519").private;
      const payload = randomBytes(3 << 20);

      const sshServer = new ssh2.Server({ hostKeys: [hostKey] }, (connection) => {
        connection.on("authentication", (context) => context.accept());
        connection.on("session", (accept) => {
          accept().on("exec", (acceptExec) => {
            const channel = acceptExec();
            const chunks: Buffer[] = [];
            channel.on("data", (chunk: Buffer) => chunks.push(chunk));
            channel.on("end", () => {
              channel.end(Buffer.concat(chunks));
              channel.exit(0);
            });
          });
        });
      });
      const listener: Server = createServer((socket) => sshServer.injectSocket(socket));
      await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
      const port = (listener.address() as { port: number }).port;

      const client = new ssh2.Client();
      try {
        await new Promise<void>((resolve, reject) => {
          client.once("ready", resolve).once("error", reject);
          client.connect({
            host: "127.0.0.1",
            port,
            username: "egs",
            password: "unused",
            algorithms: { cipher: [cipher] },
          });
        });
        const protocol = (client as unknown as { _protocol: Record<string, unknown> })._protocol;
        assert(
          protocol._cipher instanceof AeadPacketCipher,
          "the client's cipher was not replaced",
        );
        assert(protocol._decipher instanceof AeadPacketDecipher, "the decipher was not replaced");

        const echoed = await new Promise<Buffer>((resolve, reject) => {
          client.exec("echo", (error, channel) => {
            if (error) return reject(error);
            const chunks: Buffer[] = [];
            channel.on("data", (chunk: Buffer) => chunks.push(chunk));
            channel.on("close", () => resolve(Buffer.concat(chunks)));
            channel.end(payload);
          });
        });
        assertEquals(echoed.equals(payload), true);
      } finally {
        client.end();
        await new Promise((resolve) => listener.close(resolve));
      }
    },
  });
}

/** ssh2's own chacha20-poly1305 classes (node:crypto and WebAssembly), as the reference. */
async function ssh2ChaChaPoly() {
  const { CIPHER_INFO, createCipher, createDecipher, init } = ssh2Crypto as {
    CIPHER_INFO: Record<string, unknown>;
    createCipher(config: unknown): {
      allocPacket(length: number): Buffer;
      encrypt(packet: Buffer): void;
    };
    createDecipher(config: unknown): { decrypt(data: Buffer, start: number, end: number): void };
    init: Promise<void>;
  };
  await init;
  return { info: CIPHER_INFO["chacha20-poly1305@openssh.com"], createCipher, createDecipher };
}

const hex = (list: Uint8Array[]) => list.map((bytes) => Buffer.from(bytes).toString("hex"));

Deno.test({
  name: "chacha20-poly1305 packets match ssh2's own in both directions",
  ignore: ignore || !hasChaCha20Poly1305(library!),
  async fn() {
    const reference = await ssh2ChaChaPoly();
    const key = Buffer.from(randomBytes(64));
    const protection = (encrypt: boolean) =>
      chaCha20Poly1305Protection(library!, key.subarray(0, 32), key.subarray(32), encrypt);
    const payloads = [randomBytes(1), randomBytes(99), randomBytes(32768)];

    // ssh2 encrypts, EGS decrypts.
    const ssh2Wire: Uint8Array[] = [];
    const ssh2Cipher = reference.createCipher({
      outbound: {
        onWrite: (bytes: Uint8Array) => ssh2Wire.push(Uint8Array.from(bytes)),
        cipherInfo: reference.info,
        cipherKey: key,
        seqno: 3,
        forceNative: true,
      },
    });
    for (const payload of payloads) {
      const packet = ssh2Cipher.allocPacket(payload.length);
      packet.set(payload, 5);
      ssh2Cipher.encrypt(packet);
    }
    const received: Uint8Array[] = [];
    const decipher = new AeadPacketDecipher(
      { seqno: 3, onPayload: (payload) => void received.push(Uint8Array.from(payload)) },
      protection(false),
    );
    const stream = Buffer.concat(ssh2Wire);
    for (let offset = 0; offset < stream.length; offset += 1000) {
      const chunk = stream.subarray(offset, Math.min(stream.length, offset + 1000));
      decipher.decrypt(chunk, 0, chunk.length);
    }
    assertEquals(hex(received), hex(payloads));
    decipher.free();

    // EGS encrypts, ssh2 decrypts.
    const egsWire: Uint8Array[] = [];
    const cipher = new AeadPacketCipher(
      { seqno: 9, onWrite: (packet) => egsWire.push(Uint8Array.from(packet)) },
      protection(true),
    );
    for (const payload of payloads) {
      const packet = cipher.allocPacket(payload.length);
      packet.set(payload, 5);
      cipher.encrypt(packet);
    }
    cipher.free();
    const decoded: Uint8Array[] = [];
    const ssh2Decipher = reference.createDecipher({
      inbound: {
        onPayload: (payload: Uint8Array) => void decoded.push(Uint8Array.from(payload)),
        decipherInfo: reference.info,
        decipherKey: key,
        seqno: 9,
        forceNative: true,
      },
    });
    const egsStream = Buffer.concat(egsWire);
    ssh2Decipher.decrypt(egsStream, 0, egsStream.length);
    assertEquals(hex(decoded), hex(payloads));

    // A changed byte of the encrypted payload fails the tag.
    const changed = Uint8Array.from(egsWire[1]);
    changed[10] ^= 1;
    const strict = new AeadPacketDecipher({ seqno: 10, onPayload: () => {} }, protection(false));
    assertThrows(() => strict.decrypt(changed, 0, changed.length), Error, "Invalid MAC");
    strict.free();
  },
});
