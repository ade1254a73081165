import { generateKeyPairSync } from "node:crypto";
import { join } from "node:path";
import ssh2 from "ssh2";
import { assertEquals } from "../_support/assert.ts";
import { FfiConnector } from "../../src/transport/ffi_connector.ts";
import { FfiListener } from "../../src/transport/ffi_listener.ts";

Deno.test({
  name: "ssh2 runs exec over the FFI transport",
  ignore: Deno.build.os !== "linux",
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "egs-ssh2-ffi-" });
    const path = join(dir, "ssh.sock");
    const hostKey = generateKeyPairSync("ec", { namedCurve: "prime256v1" })
      .privateKey.export({ type: "sec1", format: "pem" }) as string;

    const server = new ssh2.Server({ hostKeys: [hostKey] }, (client) => {
      client.on("authentication", (context) => context.accept());
      client.on("session", (accept) => {
        accept().on("exec", (acceptExec, _reject, info) => {
          const channel = acceptExec();
          channel.end(`ran: ${info.command}\n`);
          channel.exit(0);
        });
      });
    });
    const listener = await FfiListener.listenUnix(path);
    const serving = (async () => {
      for await (const stream of listener) server.injectSocket(stream as never);
    })();

    const stream = await FfiConnector.unix(path).connect();
    const client = new ssh2.Client();
    const output = await new Promise<string>((resolve, reject) => {
      client.on("error", reject);
      client.on("ready", () => {
        client.exec("echo hi", (error, channel) => {
          if (error) return reject(error);
          let text = "";
          channel.on("data", (data: Uint8Array) => text += new TextDecoder().decode(data));
          channel.on("close", () => resolve(text));
        });
      });
      client.connect({ sock: stream as never, username: "egs", password: "unused" });
    });
    client.end();
    await new Promise((resolve) => stream.once("close", resolve));
    await listener.close();
    await serving;
    server.close();
    await Deno.remove(dir, { recursive: true });

    assertEquals(output, "ran: echo hi\n");
  },
});
