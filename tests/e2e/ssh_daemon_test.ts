import { join } from "node:path";
import { assert, assertEquals, assertStringIncludes } from "../_support/assert.ts";
import { sshArgs, startDaemon } from "../ssh/_daemon_harness.ts";
import { EGS_VERSION } from "../../src/version.ts";

/** Receives datagrams on a unix socket with socat, as systemd's notify socket would. */
async function startNotifyReceiver(path: string) {
  const child = new Deno.Command("socat", {
    args: ["-u", `UNIX-RECV:${path}`, "STDOUT"],
    stdout: "piped",
    stderr: "null",
  }).spawn();
  let received = "";
  const decoder = new TextDecoder();
  const done = child.stdout.pipeTo(
    new WritableStream({ write: (chunk) => void (received += decoder.decode(chunk)) }),
  );
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      await Deno.stat(path);
      break;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  return {
    received: () => received,
    async stop() {
      child.kill("SIGTERM");
      await done.catch(() => {});
      await child.status;
    },
  };
}

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > 5000) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

Deno.test("daemon notifies systemd and advertises its status until SIGTERM", async () => {
  const notifyDir = await Deno.makeTempDir();
  const notifySocket = join(notifyDir, "notify.sock");
  const receiver = await startNotifyReceiver(notifySocket);
  const daemon = await startDaemon({ env: { NOTIFY_SOCKET: notifySocket } });
  try {
    await waitFor(() => receiver.received().includes("READY=1"), "READY=1");
    assertStringIncludes(receiver.received(), `STATUS=Listening on unix:${daemon.socket}`);

    const pool = await daemon.guestPool.readAll();
    assertEquals(pool.get("eryph:guest-services:status"), "available");
    assertEquals(pool.get("eryph:guest-services:version"), EGS_VERSION);
    assertEquals(pool.get("eryph:guest-services:features"), "shell-override");
    assert((pool.get("eryph:guest-services:operating-system") ?? "") !== "");

    const guestPool = daemon.guestPool;
    const code = await daemon.stop({ keepFiles: true });
    assertEquals(code, 0);
    assertStringIncludes(receiver.received(), "STOPPING=1");
    const after = await guestPool.readAll().catch(() => new Map<string, string>());
    assertEquals(after.get("eryph:guest-services:status"), undefined);
    assertEquals(after.get("eryph:guest-services:features"), undefined);
    assertEquals(after.get("eryph:guest-services:version"), EGS_VERSION);
  } finally {
    await daemon.stop();
    await receiver.stop();
    await Deno.remove(notifyDir, { recursive: true });
  }
});

Deno.test("daemon with RemoteAccessEnabled=0 serves nothing and advertises nothing", async () => {
  const daemon = await startDaemon({ serviceControl: "# off\nREMOTEACCESSENABLED=false\n" });
  try {
    const pool = await daemon.guestPool.readAll();
    for (const key of ["status", "version", "operating-system", "features"]) {
      assertEquals(pool.get(`eryph:guest-services:${key}`), undefined, key);
    }
    const exists = await Deno.stat(daemon.socket).then(() => true, () => false);
    assertEquals(exists, false);
    assertStringIncludes(daemon.log(), "--no-provisioning is set, so boot provisioning is skipped");
  } finally {
    assertEquals(await daemon.stop(), 0);
  }
});

Deno.test("daemon ends open sessions on SIGTERM", async () => {
  const daemon = await startDaemon();
  const client = new Deno.Command("ssh", {
    args: [...sshArgs(daemon), "echo started; exec sleep 60"],
    stdin: "null",
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const reader = client.stdout.getReader();
  const first = await reader.read();
  assertEquals(new TextDecoder().decode(first.value), "started\n");
  const sleeper = /"pid":(\d+)/.exec(
    daemon.log().split("\n").findLast((line) => line.includes("Started")) ?? "",
  );
  assert(sleeper !== null, "the daemon logged no started process");
  const pid = Number(sleeper[1]);

  const started = performance.now();
  assertEquals(await daemon.stop(), 0);
  assert(performance.now() - started < 5000, "stopping took longer than 5 s");
  reader.releaseLock();
  await client.stdout.cancel();
  await client.status;
  const running = await Deno.stat(`/proc/${pid}`).then(() => true, () => false);
  assertEquals(running, false, `session process ${pid} is still running`);
});
