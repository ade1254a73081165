import { connect } from "node:net";
import { withTimeout } from "../_support/with_timeout.ts";
import { join } from "node:path";
import type { Duplex } from "node:stream";
import { assert, assertEquals, assertMatch, assertRejects } from "../_support/assert.ts";
import { EAFNOSUPPORT, LibcError } from "../../ffi/libc.ts";
import { FfiConnector } from "../../src/transport/ffi_connector.ts";
import { FfiListener } from "../../src/transport/ffi_listener.ts";
import { openStreamSocket } from "../../src/transport/ffi_socket.ts";
import { VMADDR_PORT_ANY } from "../../src/transport/sockaddr.ts";
import { closed, pattern, readAll, writeAndEnd } from "./_streams.ts";

const linuxOnly = Deno.build.os !== "linux";

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "egs-ffi-test-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test({
  name: "FfiListener echoes data for a node:net client",
  ignore: linuxOnly,
  fn: () =>
    withDir(async (dir) => {
      const path = join(dir, "echo.sock");
      const listener = await FfiListener.listenUnix(path);
      assertEquals(listener.address, `unix-ffi:${path}`);

      const served = (async () => {
        const connection = await listener.accept();
        assert(connection !== undefined);
        connection.stream.pipe(connection.stream);
        await closed(connection.stream);
      })();
      const client = connect({ path });
      const sent = pattern(3 << 20);
      const [, received] = await Promise.all([writeAndEnd(client, sent), readAll(client)]);
      await served;
      await listener.close();

      assertEquals(received.length, sent.length);
      assert(received.every((byte, i) => byte === sent[i]), "echoed bytes differ");
    }),
});

Deno.test({
  name: "FfiConnector reaches an FfiListener",
  ignore: linuxOnly,
  fn: () =>
    withDir(async (dir) => {
      const path = join(dir, "pair.sock");
      const listener = await FfiListener.listenUnix(path);
      const accepted = listener.accept();
      const client = await FfiConnector.unix(path).connect();
      const connection = await accepted;
      assert(connection !== undefined);
      connection.stream.pipe(connection.stream);

      const upload = pattern(2 << 20);
      const [, echoed] = await withTimeout(
        Promise.all([writeAndEnd(client, upload), readAll(client)]),
        20_000,
        "the 2 MiB echo",
      );
      await withTimeout(Promise.all([closed(client), closed(connection.stream)]), 5000, "closing");
      await listener.close();

      assertEquals(echoed.length, upload.length);
      assert(echoed.every((byte, i) => byte === upload[i]), "echoed bytes differ");
    }),
});

Deno.test({
  name: "FdStream ends when the peer is destroyed",
  ignore: linuxOnly,
  fn: () =>
    withDir(async (dir) => {
      const path = join(dir, "reset.sock");
      const listener = await FfiListener.listenUnix(path);
      const accepted = listener.accept();
      const client = connect({ path });
      const connection = await accepted;
      assert(connection !== undefined);

      const received = readAll(connection.stream);
      client.write("partial");
      await new Promise((resolve) => setTimeout(resolve, 20));
      client.destroy();
      assertEquals(new TextDecoder().decode(await received), "partial");
      await closed(connection.stream);
      await listener.close();
    }),
});

Deno.test({
  name: "FfiListener.close() wakes a pending accept",
  ignore: linuxOnly,
  fn: () =>
    withDir(async (dir) => {
      const path = join(dir, "idle.sock");
      const listener = await FfiListener.listenUnix(path);
      const pending = listener.accept();
      await listener.close();
      assertEquals(await pending, undefined);
      assertEquals(await listener.accept(), undefined);
      await assertRejects(() => Deno.lstat(path), Deno.errors.NotFound);
    }),
});

Deno.test({
  name: "FfiListener replaces a stale socket file",
  ignore: linuxOnly,
  fn: () =>
    withDir(async (dir) => {
      const path = join(dir, "stale.sock");
      const first = await FfiListener.listenUnix(path);
      // Simulates a crashed process: the socket file stays behind.
      await Deno.rename(path, `${path}.keep`);
      await first.close();
      await Deno.rename(`${path}.keep`, path);

      const second = await FfiListener.listenUnix(path);
      assertEquals(second.address, `unix-ffi:${path}`);
      await second.close();

      await Deno.writeTextFile(path, "data");
      await assertRejects(() => FfiListener.listenUnix(path), Error, "is not a socket");
    }),
});

Deno.test({
  name: "FfiConnector reports a refused connection",
  ignore: linuxOnly,
  fn: () =>
    withDir(async (dir) => {
      const path = join(dir, "missing.sock");
      const error = await assertRejects(() => FfiConnector.unix(path).connect(), LibcError);
      assertMatch(error.message, new RegExp(`connect to unix-ffi:${path} failed: .*\\(errno 2\\)`));
    }),
});

Deno.test({
  name: "FfiListener binds and closes a vsock port",
  ignore: linuxOnly,
  async fn(t) {
    try {
      openStreamSocket(40);
    } catch (error) {
      if (error instanceof LibcError && error.code === EAFNOSUPPORT) {
        console.log("vsock test skipped: this kernel has no AF_VSOCK support (EAFNOSUPPORT).");
        return;
      }
      throw error;
    }
    // VMADDR_PORT_ANY lets the kernel pick a free port, so the test cannot
    // collide with a vsock service of this machine. Nothing connects over vsock.
    await t.step("bind, listen, close", async () => {
      let listener: FfiListener;
      try {
        listener = FfiListener.listenVsock(VMADDR_PORT_ANY);
      } catch (error) {
        console.log(`vsock test skipped: binding failed (${(error as Error).message}).`);
        return;
      }
      assertEquals(listener.address, `vsock:${VMADDR_PORT_ANY}`);
      const pending = listener.accept();
      await listener.close();
      assertEquals(await pending, undefined);
    });
  },
});

// Each idle connection used to hold one of the runtime's 32 FFI worker
// threads in a poll without timeout; with them all taken, the next connection
// and every async file read of the process waited forever.
Deno.test({
  name: "FfiListener serves beside 40 idle connections",
  ignore: linuxOnly,
  fn: () =>
    withDir(async (dir) => {
      const path = join(dir, "idle-many.sock");
      const listener = await FfiListener.listenUnix(path);
      const served: Duplex[] = [];
      const serving = (async () => {
        for await (const stream of listener) {
          stream.pipe(stream);
          served.push(stream);
        }
      })();
      const clients: Duplex[] = [];
      try {
        for (let i = 0; i < 40; i++) {
          const client = await withTimeout(
            FfiConnector.unix(path).connect(),
            5000,
            `connection ${i}`,
          );
          client.resume();
          clients.push(client);
        }
        const last = await withTimeout(FfiConnector.unix(path).connect(), 5000, "connection 41");
        clients.push(last);
        const echoed = new Promise((resolve) => last.once("data", resolve));
        last.write("ping");

        assertEquals(
          new TextDecoder().decode(await withTimeout(echoed, 5000, "the echo") as Uint8Array),
          "ping",
        );
        await withTimeout(Deno.readTextFile("/proc/self/stat"), 5000, "a file read");
      } finally {
        for (const client of clients) client.destroy();
        await Promise.all([...clients, ...served].map(closed));
        await listener.close();
        await serving;
      }
    }),
});
