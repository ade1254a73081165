import { join } from "node:path";
import { assert, assertEquals, assertMatch, assertRejects } from "../_support/assert.ts";
import { NetConnector } from "../../src/transport/net_connector.ts";
import { NetListener } from "../../src/transport/net_listener.ts";
import { closed, pattern, readAll, writeAndEnd } from "./_streams.ts";

async function echoOnce(listener: NetListener, connector: NetConnector): Promise<void> {
  const served = (async () => {
    const connection = await listener.accept();
    assert(connection !== undefined);
    connection.stream.pipe(connection.stream);
    await closed(connection.stream);
  })();
  const client = await connector.connect();
  const sent = pattern(256 << 10);
  const [, received] = await Promise.all([writeAndEnd(client, sent), readAll(client)]);
  await served;
  assertEquals(received.length, sent.length);
  assert(received.every((byte, i) => byte === sent[i]), "echoed bytes differ");
}

Deno.test("NetListener echoes over a unix socket", async () => {
  const dir = await Deno.makeTempDir({ prefix: "egs-net-test-" });
  try {
    const path = join(dir, "echo.sock");
    const listener = await NetListener.listen({ path });
    assertEquals(listener.address, `unix:${path}`);
    await echoOnce(listener, new NetConnector({ path }));
    await listener.close();
    await assertRejects(() => Deno.lstat(path), Deno.errors.NotFound);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("NetListener reports the bound TCP port", async () => {
  const listener = await NetListener.listen({ host: "127.0.0.1", port: 0 });
  assertMatch(listener.address, /^tcp:127\.0\.0\.1:\d+$/);
  const port = Number(listener.address.split(":")[2]);
  assert(port > 0, listener.address);
  await echoOnce(listener, new NetConnector({ host: "127.0.0.1", port }));
  await listener.close();
});

Deno.test("NetListener iteration ends on close", async () => {
  const listener = await NetListener.listen({ host: "127.0.0.1", port: 0 });
  const streams: unknown[] = [];
  const iterating = (async () => {
    for await (const stream of listener) streams.push(stream);
  })();
  await listener.close();
  await iterating;
  assertEquals(streams.length, 0);
});

Deno.test("NetConnector names the address it cannot reach", async () => {
  const dir = await Deno.makeTempDir({ prefix: "egs-net-test-" });
  try {
    const path = join(dir, "missing.sock");
    await assertRejects(
      () => new NetConnector({ path }).connect(),
      Error,
      `Cannot connect to unix:${path}`,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
