import { assert, assertEquals, assertMatch } from "../_support/assert.ts";
import { startDaemon } from "../ssh/_daemon_harness.ts";
import { connectClient, openShell } from "../ssh/_ssh2_client.ts";

function processExists(pid: number): boolean {
  try {
    Deno.statSync(`/proc/${pid}`);
    return true;
  } catch {
    return false;
  }
}

Deno.test("daemon PTY sessions: size, window-change, logout", async (t) => {
  const daemon = await startDaemon();
  const client = await connectClient(daemon);
  try {
    const shell = await openShell(client, { term: "xterm-256color", cols: 132, rows: 40 });

    await t.step("pty-req size reaches stty and TERM", async () => {
      shell.channel.write("stty size; echo TERM=$TERM; echo PID=$$\n");
      await shell.waitFor(/TERM=xterm-256color\r?\n[\s\S]*PID=\d+/);
      assertMatch(shell.output(), /\b40 132\b/);
    });
    const pid = Number(/PID=(\d+)/.exec(shell.output())![1]);

    await t.step("window-change resizes the terminal", async () => {
      shell.channel.setWindow(30, 100, 0, 0);
      await new Promise((resolve) => setTimeout(resolve, 100));
      shell.channel.write("stty size\n");
      await shell.waitFor(/\b30 100\b/);
    });

    await t.step("window-change delivers SIGWINCH to the foreground program", async () => {
      shell.channel.write(
        `bash -c 'trap "echo GOT-WINCH; kill \\$!" WINCH; echo trap-set; sleep 5 & wait; wait'\n`,
      );
      await shell.waitFor(/[\r\n]trap-set\r?\n/);
      shell.channel.setWindow(20, 90, 0, 0);
      await shell.waitFor(/GOT-WINCH/);
    });

    await t.step("a 0x0 pty-req on a second channel gets 80x24", async () => {
      const second = await openShell(client, { term: "vt100", cols: 0, rows: 0 });
      second.channel.write("stty size; exit\n");
      await second.waitFor(/\b24 80\b/);
      assertEquals((await second.closed).code, 0);
    });

    await t.step("exit ends the session promptly and leaves no shell", async () => {
      shell.channel.write("exit\n");
      const started = performance.now();
      const closed = await shell.closed;
      assertEquals(closed.code, 0);
      assert(closed.at - started < 5000, `closed after ${closed.at - started} ms`);
      assertEquals(processExists(pid), false, `shell ${pid} is still running`);
    });
  } finally {
    client.end();
    await daemon.stop();
  }
});

Deno.test("daemon shell without a PTY behaves like a pipe", async () => {
  const daemon = await startDaemon();
  const client = await connectClient(daemon);
  try {
    const shell = await openShell(client, false);
    shell.channel.write("echo hi\nexit\n");
    const closed = await shell.closed;
    assertEquals(closed.code, 0);
    assertEquals(shell.output(), "hi\n");
    assertEquals(shell.output().includes("\u001b"), false);
  } finally {
    client.end();
    await daemon.stop();
  }
});

Deno.test("daemon rejects pty-req for a no-pty key", async () => {
  const daemon = await startDaemon();
  try {
    const key = await daemon.newKey("id_nopty");
    await daemon.externalPool.update({
      "eryph:guest-services:client-public-key": `no-pty ${key.publicLine}`,
    });
    // OpenSSH 9 clients end the session when a PTY they forced with -tt is refused.
    const result = await daemon.ssh(["tty"], {
      identity: key.path,
      args: ["-tt", "-o", "LogLevel=INFO"],
    });
    assertMatch(result.stderr, /PTY allocation request failed/);
    assertMatch(daemon.log(), /Rejected pty-req.*no-pty/);

    const client = await connectClient(daemon, key.path);
    try {
      const shell = await openShell(client, false);
      shell.channel.write("tty; exit\n");
      await shell.closed;
      assertEquals(shell.output(), "not a tty\n");
    } finally {
      client.end();
    }
  } finally {
    await daemon.stop();
  }
});
