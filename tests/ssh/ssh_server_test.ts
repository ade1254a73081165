import { connect, createServer, type Socket } from "node:net";
import ssh2 from "ssh2";
import { assert, assertEquals } from "../_support/assert.ts";
import { generateCheckedKeyPair } from "../../src/ssh/generate_key.ts";
import { ensureHostKeys } from "../../src/ssh/host_keys.ts";
import { SshServer, type SshServerLimits } from "../../src/ssh/ssh_server.ts";

const CLIENT_KEY = generateCheckedKeyPair("ed25519");

async function withServer(
  limits: Partial<SshServerLimits>,
  fn: (connectClient: () => Promise<Socket>) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(`${dir}/id_egs.pub`, `${CLIENT_KEY.public}\n`);
  const server = new SshServer({
    hostKeys: await ensureHostKeys(dir),
    authorizedKeys: { keyFilePath: `${dir}/id_egs.pub` },
    portForwarding: false,
    limits,
    authFailureDelayMs: 1,
  });
  const path = `${dir}/ssh.sock`;
  const listener = createServer((socket) => server.handle(socket, "test"));
  await new Promise<void>((resolve) => listener.listen(path, resolve));
  const sockets: Socket[] = [];
  try {
    await fn(async () => {
      const socket = connect(path);
      sockets.push(socket);
      await new Promise((resolve) => socket.once("connect", resolve));
      return socket;
    });
  } finally {
    sockets.forEach((socket) => socket.destroy());
    await server.close();
    await new Promise((resolve) => listener.close(resolve));
    await Deno.remove(dir, { recursive: true });
  }
}

function closedWithin(socket: Socket, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    if (socket.destroyed) return resolve(true);
    const timer = setTimeout(() => resolve(false), ms);
    socket.once("close", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

function firstLine(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    let text = "";
    socket.on("data", (chunk) => {
      text += chunk.toString("latin1");
      if (text.includes("\n")) resolve(text.split("\r\n")[0]);
    });
  });
}

Deno.test("SshServer sends an OpenSSH-compatible identification", async () => {
  await withServer({}, async (connectClient) => {
    const socket = await connectClient();
    assertEquals(await firstLine(socket), "SSH-2.0-EGS_0.1.0");
  });
});

Deno.test("SshServer closes a connection that does not authenticate in time", async () => {
  await withServer({ loginGraceMs: 200 }, async (connectClient) => {
    const socket = await connectClient();
    socket.on("data", () => {});
    assert(await closedWithin(socket, 3000), "the connection stayed open");
  });
});

Deno.test("SshServer rejects connections beyond maxConnections", async () => {
  await withServer({ maxConnections: 1 }, async (connectClient) => {
    const first = await connectClient();
    first.on("data", () => {});
    await new Promise((resolve) => setTimeout(resolve, 100));
    const second = await connectClient();
    second.on("data", () => {});
    assert(await closedWithin(second, 2000), "the second connection stayed open");
    assertEquals(first.destroyed, false);
  });
});

/** Runs an ssh2 client on `socket` and resolves with the number of keys it offered once closed. */
function runClient(socket: Socket, keys: string[]): Promise<{ offered: number; ready: boolean }> {
  return new Promise((resolve) => {
    const client = new ssh2.Client();
    let offered = 0;
    let ready = false;
    client.on("ready", () => ready = true);
    client.on("error", () => {});
    client.on("close", () => resolve({ offered, ready }));
    client.connect({
      sock: socket,
      username: "egs",
      authHandler: (_methods, _partial, next) => {
        const key = keys[offered++];
        if (key === undefined) return next(false as never);
        next({ type: "publickey", username: "egs", key } as never);
      },
    });
  });
}

Deno.test("SshServer closes a connection after maxAuthTries failures", async () => {
  await withServer({ maxAuthTries: 3 }, async (connectClient) => {
    const strangers = Array.from(
      { length: 6 },
      () => generateCheckedKeyPair("ed25519").private,
    );
    const result = await runClient(await connectClient(), strangers);
    assertEquals(result.ready, false);
    // After the third rejection the client may pick its fourth key before the close arrives.
    assert(result.offered >= 3, `only ${result.offered} keys were offered`);
    assert(result.offered <= 4, `${result.offered} keys were offered`);
  });
});

Deno.test("SshServer closes an authenticated connection left unused", async () => {
  await withServer({ unusedConnectionMs: 300 }, async (connectClient) => {
    const started = performance.now();
    const result = await runClient(await connectClient(), [CLIENT_KEY.private]);
    assertEquals(result.ready, true);
    assert(performance.now() - started < 3000, "the unused connection stayed open");
  });
});
