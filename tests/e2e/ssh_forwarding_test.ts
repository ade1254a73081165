import { createServer, type Server } from "node:net";
import { assert, assertEquals } from "../_support/assert.ts";
import { type RunningDaemon, sshArgs, startDaemon } from "../ssh/_daemon_harness.ts";

/** Starts a loopback TCP server that writes `reply` to every connection and closes it. */
async function startReplyServer(reply: string): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => {
    // A forward torn down early closes the socket first; the write error is expected then.
    socket.on("error", () => {});
    socket.end(reply);
  });
  await new Promise<void>((resolve) => server.listen({ host: "127.0.0.1", port: 0 }, resolve));
  return { server, port: (server.address() as { port: number }).port };
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

/** Reads everything from a TCP connection to 127.0.0.1:`port`, retrying while ssh sets up. */
async function readFrom(port: number): Promise<string> {
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      const connection = await Deno.connect({ hostname: "127.0.0.1", port });
      const chunks = await new Response(connection.readable).text();
      if (chunks !== "") return chunks;
    } catch {
      // The forward is not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return "";
}

/** Runs `ssh -N` with `forwardArgs` in the background until `fn` is done. */
async function withForward<T>(
  daemon: RunningDaemon,
  forwardArgs: string[],
  fn: () => Promise<T>,
): Promise<{ value: T; stderr: string }> {
  const child = new Deno.Command("ssh", {
    args: [...sshArgs(daemon, { args: ["-N", "-o", "ExitOnForwardFailure=yes", ...forwardArgs] })],
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  try {
    return { value: await fn(), stderr: "" };
  } finally {
    child.kill("SIGTERM");
    await child.output();
  }
}

Deno.test("ssh -L forwards to a loopback server when forwarding is enabled", async () => {
  const daemon = await startDaemon({ serviceControl: "PortForwardingEnabled=1\n" });
  const target = await startReplyServer("hello through -L");
  try {
    const features = await daemon.guestPool.get("eryph:guest-services:features");
    assertEquals(features, "shell-override port-forwarding");
    const local = freePort();
    const { value } = await withForward(
      daemon,
      ["-L", `${local}:127.0.0.1:${target.port}`],
      () => readFrom(local),
    );
    assertEquals(value, "hello through -L");
  } finally {
    target.server.close();
    await daemon.stop();
  }
});

Deno.test("ssh -R forwards a guest port back to the client", async () => {
  const daemon = await startDaemon({ serviceControl: "PortForwardingEnabled=true\n" });
  const target = await startReplyServer("hello through -R");
  try {
    const remote = freePort();
    const { value } = await withForward(
      daemon,
      ["-R", `${remote}:127.0.0.1:${target.port}`],
      () => readFrom(remote),
    );
    assertEquals(value, "hello through -R");
  } finally {
    target.server.close();
    await daemon.stop();
  }
});

Deno.test("ssh -L is prohibited when forwarding is disabled", async () => {
  const daemon = await startDaemon();
  const target = await startReplyServer("must not arrive");
  try {
    assertEquals(await daemon.guestPool.get("eryph:guest-services:features"), "shell-override");
    const result = await daemon.ssh(["echo ok"], {
      args: ["-W", `127.0.0.1:${target.port}`, "-o", "LogLevel=DEBUG"],
    });
    assert(result.code !== 0);
    assert(!result.text.includes("must not arrive"));
    assert(/administratively prohibited/.test(result.stderr), result.stderr);
  } finally {
    target.server.close();
    await daemon.stop();
  }
});

Deno.test("ssh -L honours permitopen and no-port-forwarding", async () => {
  const daemon = await startDaemon({ serviceControl: "PortForwardingEnabled=1\n" });
  const allowed = await startReplyServer("allowed");
  const other = await startReplyServer("other");
  try {
    const key = await daemon.newKey("id_limited");
    await daemon.externalPool.update({
      "eryph:guest-services:client-public-key":
        `permitopen="127.0.0.1:${allowed.port}" ${key.publicLine}`,
    });
    const ok = await daemon.ssh([], {
      identity: key.path,
      args: ["-W", `127.0.0.1:${allowed.port}`],
      stdin: "",
      stdinOpenMs: 1000,
    });
    assertEquals(ok.text, "allowed");
    const denied = await daemon.ssh([], {
      identity: key.path,
      args: ["-W", `127.0.0.1:${other.port}`],
    });
    assert(denied.code !== 0);
    assertEquals(denied.text, "");

    await daemon.externalPool.update({
      "eryph:guest-services:client-public-key": `no-port-forwarding ${key.publicLine}`,
    });
    const prohibited = await daemon.ssh([], {
      identity: key.path,
      args: ["-W", `127.0.0.1:${allowed.port}`, "-o", "LogLevel=DEBUG"],
    });
    assert(/administratively prohibited/.test(prohibited.stderr), prohibited.stderr);
  } finally {
    allowed.server.close();
    other.server.close();
    await daemon.stop();
  }
});
