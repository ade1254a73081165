/**
 * PTY sessions through SSH: OpenSSH's `ssh -tt` and an ssh2 client against
 * the ssh2 test server, whose shells and PTY execs run on startPtyProcess().
 */

import { Buffer } from "node:buffer";
import net from "node:net";
import ssh2 from "ssh2";
import type { ClientChannel } from "ssh2";
import { assertEquals, assertMatch } from "../_support/assert.ts";
import { startTestServer, type TestServer } from "../ssh/sftp/_test_server.ts";

const linuxOnly = Deno.build.os !== "linux";

async function connect(server: TestServer): Promise<ssh2.Client> {
  const privateKey = Buffer.from(await Deno.readFile(server.clientKeyPath));
  const client = new ssh2.Client();
  await new Promise<void>((resolve, reject) => {
    client.once("ready", () => resolve());
    client.once("error", reject);
    client.connect({ sock: net.connect(server.socketPath), username: "egs", privateKey });
  });
  return client;
}

/** Collects a channel's output and waits for patterns in it. */
function watch(channel: ClientChannel) {
  let text = "";
  const exit = new Promise<{ code: number | null; signal: string | null }>((resolve) => {
    channel.on("exit", (code: number | null, signal?: string) => {
      resolve({ code: signal ? null : code, signal: signal ?? null });
    });
  });
  channel.on("data", (chunk: Buffer) => text += chunk.toString());
  return {
    exit,
    async waitFor(pattern: RegExp): Promise<void> {
      const deadline = Date.now() + 5000;
      while (!pattern.test(text)) {
        if (Date.now() > deadline) {
          throw new Error(`Timed out waiting for ${pattern} in ${JSON.stringify(text)}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
  };
}

Deno.test({
  name: "ssh -tt runs tty on a /dev/pts terminal",
  ignore: linuxOnly,
  async fn() {
    const server = await startTestServer();
    try {
      const output = await new Deno.Command("ssh", {
        args: [...server.sshOptions, "-tt", "egs@egs", "tty; stty size"],
        stdin: "null",
      }).output();
      const text = new TextDecoder().decode(output.stdout);

      assertEquals(output.code, 0, new TextDecoder().decode(output.stderr));
      assertMatch(text, /^\/dev\/pts\/\d+\r\n/);
      // Without a local terminal ssh -tt picks the window size itself, so
      // only the form of the stty output is checked.
      assertMatch(text, /\r\n\d+ \d+\r\n/);
    } finally {
      await server.close();
    }
  },
});

Deno.test({
  name: "stty size follows an SSH window-change request",
  ignore: linuxOnly,
  async fn() {
    const server = await startTestServer();
    const client = await connect(server);
    try {
      const channel = await new Promise<ClientChannel>((resolve, reject) => {
        client.shell(
          { term: "xterm", rows: 24, cols: 80 },
          (error, stream) => error ? reject(error) : resolve(stream),
        );
      });
      const session = watch(channel);

      channel.write("stty size\n");
      await session.waitFor(/24 80\r\n/);
      channel.setWindow(40, 120, 0, 0);
      channel.write("stty size\n");
      await session.waitFor(/40 120\r\n/);
      channel.write("exit 3\n");

      assertEquals(await session.exit, { code: 3, signal: null });
    } finally {
      client.end();
      await server.close();
    }
  },
});

Deno.test({
  name: "Ctrl-C over SSH interrupts a PTY command",
  ignore: linuxOnly,
  async fn() {
    const server = await startTestServer();
    const client = await connect(server);
    try {
      const channel = await new Promise<ClientChannel>((resolve, reject) => {
        client.exec(
          "echo started; exec sleep 30",
          { pty: { term: "xterm" } },
          (error, stream) => error ? reject(error) : resolve(stream),
        );
      });
      const session = watch(channel);

      await session.waitFor(/started/);
      channel.write("\x03");

      // ssh2's client puts the "SIG" prefix back on the signal name it receives.
      assertEquals(await session.exit, { code: null, signal: "SIGINT" });
    } finally {
      client.end();
      await server.close();
    }
  },
});
