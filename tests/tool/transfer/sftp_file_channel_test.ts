/**
 * The SFTP file channel. Against a scripted channel: its requests on the
 * wire, replies split at any byte, EOF and status errors. Then downloads and
 * uploads through a second channel of the SFTP test server.
 */

import { Buffer } from "node:buffer";
import { EventEmitter } from "node:events";
import type { ClientChannel } from "ssh2";
import { NetConnector } from "../../../src/transport/net_connector.ts";
import { connectGuest } from "../../../src/tool/ssh_client/mod.ts";
import { SftpFileChannel } from "../../../src/tool/transfer/sftp_file_channel.ts";
import { assertEquals, assertRejects } from "../../_support/assert.ts";
import { startTestServer } from "../../ssh/sftp/_test_server.ts";

/** A channel whose replies the test writes; `cut` splits every reply into pieces of that size. */
class ScriptedChannel extends EventEmitter {
  requests: Buffer[] = [];
  cut = Infinity;
  answer: (request: Buffer) => Uint8Array | undefined = () => undefined;

  write(data: Uint8Array): boolean {
    const request = Buffer.from(data);
    this.requests.push(request);
    const reply = this.answer(request);
    if (reply !== undefined) {
      queueMicrotask(() => {
        for (let offset = 0; offset < reply.length; offset += this.cut) {
          this.emit("data", Buffer.from(reply.subarray(offset, offset + this.cut)));
        }
      });
    }
    return true;
  }
  end(): void {}
  destroy(): void {}
}

function packet(type: number, ...fields: Uint8Array[]): Uint8Array {
  const body = Buffer.concat([Uint8Array.of(type), ...fields]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  return Buffer.concat([length, body]);
}
const u32 = (value: number) => {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(value);
  return bytes;
};
const str = (value: Uint8Array | string) => {
  const bytes = typeof value === "string" ? Buffer.from(value) : value;
  return Buffer.concat([u32(bytes.length), bytes]);
};

/** Replies to INIT, OPEN, READ and CLOSE like a server with `content` at "/file". */
function serve(channel: ScriptedChannel, content: Uint8Array): void {
  channel.answer = (request) => {
    const type = request[4];
    if (type === 1) return packet(2, u32(3), str("ext@example.com"), str("1"));
    const id = request.subarray(5, 9);
    if (type === 3) {
      const name = request.subarray(13, 13 + request.readUInt32BE(9)).toString();
      if (name !== "/file") return packet(101, id, u32(2), str("No such file"), str(""));
      return packet(102, id, str(Uint8Array.of(0, 0, 0, 7)));
    }
    if (type === 5) {
      const offset = Number(request.readBigUInt64BE(17));
      const length = request.readUInt32BE(25);
      if (offset >= content.length) return packet(101, id, u32(1), str("EOF"), str(""));
      return packet(103, id, str(content.subarray(offset, offset + length)));
    }
    if (type === 4) return packet(101, id, u32(0), str(""), str(""));
    return undefined;
  };
}

Deno.test("the reader sends SFTP v3 requests and assembles replies cut at any byte", async () => {
  const content = new Uint8Array(70_000).map((_, index) => index % 251);
  for (const cut of [1, 5, 13, 4096, Infinity]) {
    const channel = new ScriptedChannel();
    channel.cut = cut;
    serve(channel, content);
    const reader = await SftpFileChannel.start(channel as unknown as ClientChannel);
    assertEquals([...channel.requests[0]], [0, 0, 0, 5, 1, 0, 0, 0, 3]);

    const handle = await reader.open("/file");
    assertEquals([...handle], [0, 0, 0, 7]);
    const into = Buffer.alloc(32768);
    const chunks: Uint8Array[] = [];
    for (let offset = 0;; offset += 32768) {
      const data = await reader.read(handle, offset, 32768, into);
      if (data.length === 0) break;
      chunks.push(Uint8Array.from(data));
    }
    assertEquals(Buffer.concat(chunks).equals(content), true, `cut ${cut}`);
    await reader.close(handle);
  }
});

Deno.test("the reader reports a status as an error with its SFTP code", async () => {
  const channel = new ScriptedChannel();
  serve(channel, new Uint8Array(10));
  const reader = await SftpFileChannel.start(channel as unknown as ClientChannel);
  const error = await assertRejects(() => reader.open("/missing"), Error, "No such file");
  assertEquals((error as Error & { code?: number }).code, 2);
});

Deno.test("a reply to no request fails every pending request", async () => {
  const channel = new ScriptedChannel();
  serve(channel, new Uint8Array(10));
  const reader = await SftpFileChannel.start(channel as unknown as ClientChannel);
  channel.answer = () => packet(101, u32(999), u32(0), str(""), str(""));
  await assertRejects(
    () => reader.open("/file"),
    Error,
    "a response to request 999, which was not sent",
  );
  await assertRejects(() => reader.open("/file"), Error, "request 999");
});

Deno.test("a download through the reader channel of a real SFTP server", async () => {
  const server = await startTestServer();
  const local = await Deno.makeTempDir({ prefix: "egs_reader_" });
  const connection = await connectGuest({
    connector: new NetConnector({ path: server.socketPath }),
    identityPath: server.clientKeyPath,
    hostKey: { knownHostsPath: `${local}/known_hosts`, hostNames: ["vm1"], acceptNew: true },
  });
  try {
    const content = new Uint8Array(1_000_003);
    crypto.getRandomValues(content.subarray(0, 65536));
    content.copyWithin(65536, 0);
    await Deno.writeFile(`${server.home}/big.bin`, content);

    const reader = await connection.openFileChannel();
    const handle = await reader.open(`${server.home}/big.bin`);
    const reads = [];
    for (let offset = 0; offset < content.length; offset += 255 * 1024) {
      reads.push(reader.read(handle, offset, 255 * 1024, Buffer.alloc(255 * 1024)));
    }
    const received = Buffer.concat((await Promise.all(reads)).map((data) => Uint8Array.from(data)));
    assertEquals(received.equals(content), true);
    assertEquals((await reader.read(handle, content.length, 10, Buffer.alloc(10))).length, 0);
    await reader.close(handle);

    const error = await assertRejects(() => reader.open(`${server.home}/nope`), Error);
    assertEquals((error as Error & { code?: number }).code, 2);
    reader.end();
  } finally {
    await connection.close();
    await server.close();
    await Deno.remove(local, { recursive: true });
  }
});

Deno.test("the file channel writes, sizes and truncates a file on a real SFTP server", async () => {
  const server = await startTestServer();
  const local = await Deno.makeTempDir({ prefix: "egs_channel_write_" });
  const connection = await connectGuest({
    connector: new NetConnector({ path: server.socketPath }),
    identityPath: server.clientKeyPath,
    hostKey: { knownHostsPath: `${local}/known_hosts`, hostNames: ["vm1"], acceptNew: true },
  });
  try {
    await Deno.writeTextFile(`${server.home}/target.txt`, "old content that is longer");
    const channel = await connection.openFileChannel();
    const handle = await channel.openForWrite(`${server.home}/target.txt`);
    assertEquals(await channel.size(handle), 26);

    const writes = [
      channel.write(handle, 4, Buffer.from("NEW!")),
      channel.write(handle, 0, Buffer.from("abc ")),
    ];
    await Promise.all(writes);
    await channel.truncate(handle, 8);
    await channel.close(handle);
    assertEquals(await Deno.readTextFile(`${server.home}/target.txt`), "abc NEW!");

    const created = await channel.openForWrite(`${server.home}/new.bin`);
    assertEquals(await channel.size(created), 0);
    const big = new Uint8Array(300_000).map((_, index) => index % 253);
    await Promise.all([
      channel.write(created, 0, big.subarray(0, 200_000)),
      channel.write(created, 200_000, big.subarray(200_000)),
    ]);
    await assertRejects(() => channel.write(created, 0, big), RangeError, "at most 261120 bytes");
    await channel.close(created);
    assertEquals(await Deno.readFile(`${server.home}/new.bin`), big);

    const error = await assertRejects(() => channel.openForWrite(`${server.home}/no/such/dir/x`));
    assertEquals((error as Error & { code?: number }).code, 2);
    channel.end();
  } finally {
    await connection.close();
    await server.close();
    await Deno.remove(local, { recursive: true });
  }
});
