/**
 * AES-GCM packets on libcrypto: the bytes match node:crypto's AES-GCM, the
 * decipher reassembles packets cut at any point, a changed byte is refused,
 * and two ssh2 peers in this process end up on the replacement classes.
 */

import { Buffer } from "node:buffer";
import { type CipherGCM, createCipheriv } from "node:crypto";
import { createServer, type Server } from "node:net";
import ssh2 from "ssh2";
import { libcrypto } from "../../ffi/libcrypto.ts";
import {
  GcmPacketCipher,
  GcmPacketDecipher,
  incrementNonce,
} from "../../src/ssh/ciphers/aes_gcm.ts";
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

/** Encrypts `payloads` into one stream of wire bytes and returns it with the packets. */
function sealAll(key: Uint8Array, nonce: Uint8Array, payloads: Uint8Array[]) {
  const wire: Uint8Array[] = [];
  const cipher = new GcmPacketCipher(
    { key, nonce, seqno: 7, onWrite: (packet) => wire.push(Uint8Array.from(packet)) },
    libcryptoGcmEngines(library!),
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
      const decipher = new GcmPacketDecipher({
        key,
        nonce,
        seqno: 7,
        onPayload: (payload) => void received.push(Uint8Array.from(payload)),
      }, libcryptoGcmEngines(library!));
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
    const decipher = new GcmPacketDecipher(
      { key, nonce, seqno: 0, onPayload: () => (++seen === 1 ? false : undefined) },
      libcryptoGcmEngines(library!),
    );
    const resume = decipher.decrypt(stream, 0, stream.length);
    assertEquals(seen, 1);
    assert(typeof resume === "number" && resume > 0 && resume < stream.length);
    assertEquals(decipher.decrypt(stream, resume, stream.length), undefined);
    assertEquals(seen, 2);
    decipher.free();
  },
});

Deno.test({
  name: "a changed byte or a bad length is refused",
  ignore,
  fn() {
    const key = randomBytes(16);
    const nonce = randomBytes(12);
    const packet = sealAll(key, nonce, [randomBytes(64)]).wire[0];
    const engines = libcryptoGcmEngines(library!);
    const open = (bytes: Uint8Array) => {
      const decipher = new GcmPacketDecipher(
        { key, nonce, seqno: 0, onPayload: () => {} },
        engines,
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

Deno.test({
  name: "two ssh2 peers in this process run on the libcrypto classes and exchange data",
  ignore,
  async fn() {
    assertEquals(installFastCiphers(), { name: library!.name });
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
          algorithms: { cipher: ["aes256-gcm@openssh.com"] },
        });
      });
      const protocol = (client as unknown as { _protocol: Record<string, unknown> })._protocol;
      assert(protocol._cipher instanceof GcmPacketCipher, "the client's cipher was not replaced");
      assert(protocol._decipher instanceof GcmPacketDecipher, "the decipher was not replaced");

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
