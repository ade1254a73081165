/**
 * The widened receive window of an ssh2 channel: the peer is granted the
 * larger window at once and keeps it while data flows, and the data arrives
 * intact.
 */

import { Buffer } from "node:buffer";
import { createServer, type Server } from "node:net";
import ssh2 from "ssh2";
import { BULK_WINDOW_BYTES, widenReceiveWindow } from "../../src/ssh/channel_window.ts";
import { assert, assertEquals, assertThrows } from "../_support/assert.ts";

Deno.test("a widened channel receives 40 MiB intact and never drops below half its window", async () => {
  const hostKey = ssh2.utils.generateKeyPairSync("ed25519").private;
  const total = 40 << 20;
  let serverWindowSeen = 0;
  const sshServer = new ssh2.Server({ hostKeys: [hostKey] }, (connection) => {
    connection.on("authentication", (context) => context.accept());
    connection.on("session", (accept) => {
      accept().on("exec", (acceptExec) => {
        const channel = acceptExec();
        serverWindowSeen = (channel as unknown as { outgoing: { window: number } }).outgoing.window;
        const block = Buffer.alloc(1 << 20, 1);
        let sent = 0;
        const pump = () => {
          while (sent < total) {
            sent += block.length;
            if (!channel.write(block)) return void channel.once("drain", pump);
          }
          channel.exit(0);
          channel.end();
        };
        setTimeout(pump, 50);
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
      client.connect({ host: "127.0.0.1", port, username: "egs", password: "unused" });
    });
    const received = await new Promise<number>((resolve, reject) => {
      client.exec("stream", (error, channel) => {
        if (error) return reject(error);
        widenReceiveWindow(client, channel);
        const fields = channel as unknown as { incoming: { window: number } };
        assertEquals(fields.incoming.window, BULK_WINDOW_BYTES);
        let bytes = 0;
        let lowest = Infinity;
        channel.on("data", (chunk: Buffer) => {
          bytes += chunk.length;
          assert(chunk.every((byte) => byte === 1));
          lowest = Math.min(lowest, fields.incoming.window);
        });
        channel.on("close", () => {
          assert(lowest >= BULK_WINDOW_BYTES / 2 - 64 * 1024, `window fell to ${lowest}`);
          resolve(bytes);
        });
      });
    });
    assertEquals(received, total);
    assert(serverWindowSeen > 0);
  } finally {
    client.end();
    await new Promise((resolve) => listener.close(resolve));
  }
});

Deno.test("widenReceiveWindow() refuses an object without ssh2's channel fields", () => {
  assertThrows(() => widenReceiveWindow({}, {}), Error, "fields EGS does not know");
});
