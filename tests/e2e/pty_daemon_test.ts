/**
 * PTY sessions against the real `egs-service daemon`: OpenSSH's `ssh -tt`
 * gets a /dev/pts terminal, and a window-change request sent by an ssh2
 * client changes what `stty size` prints.
 */

import { Buffer } from "node:buffer";
import net from "node:net";
import ssh2 from "ssh2";
import type { ClientChannel } from "ssh2";
import { assertEquals, assertMatch } from "../_support/assert.ts";
import { startDaemon } from "../ssh/_daemon_harness.ts";

const linuxOnly = Deno.build.os !== "linux";

Deno.test({
  name: "daemon ssh -tt runs tty on /dev/pts",
  ignore: linuxOnly,
  async fn() {
    const daemon = await startDaemon();
    try {
      const result = await daemon.ssh(["tty"], { args: ["-tt"] });

      assertEquals(result.code, 0, result.stderr);
      assertMatch(result.text, /^\/dev\/pts\/\d+\r\n$/);
    } finally {
      await daemon.stop();
    }
  },
});

Deno.test({
  name: "daemon PTY follows window-change",
  ignore: linuxOnly,
  async fn() {
    const daemon = await startDaemon();
    const client = new ssh2.Client();
    try {
      const privateKey = Buffer.from(await Deno.readFile(daemon.clientKey));
      await new Promise<void>((resolve, reject) => {
        client.once("ready", () => resolve());
        client.once("error", reject);
        client.connect({ sock: net.connect(daemon.socket), username: "egs", privateKey });
      });
      const channel = await new Promise<ClientChannel>((resolve, reject) => {
        client.exec(
          "stty size; read line; stty size",
          { pty: { term: "xterm", rows: 24, cols: 80 } },
          (error, stream) => error ? reject(error) : resolve(stream),
        );
      });
      let text = "";
      channel.on("data", (chunk: Buffer) => text += chunk.toString());
      const exit = new Promise<number>((resolve) => channel.on("exit", resolve));

      await waitUntil(() => /24 80\r\n/.test(text), () => text);
      channel.setWindow(40, 120, 0, 0);
      // The window change and the typed line travel in order on one channel.
      channel.write("\n");

      assertEquals(await exit, 0);
      assertMatch(text, /24 80\r\n.*40 120\r\n/s);
    } finally {
      client.end();
      await daemon.stop();
    }
  },
});

async function waitUntil(done: () => boolean, describe: () => string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`Timed out; output so far: ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
