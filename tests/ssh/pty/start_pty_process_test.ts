import { assert, assertEquals, assertMatch } from "../../_support/assert.ts";
import { type PtyProcessOptions, startPtyProcess } from "../../../src/ssh/pty/mod.ts";
import { collectOutput } from "./_pty_output.ts";
import { REPO_ROOT } from "../../_support/shared.ts";

const linuxOnly = Deno.build.os !== "linux";

function options(argv: string[], extra: Partial<PtyProcessOptions> = {}): PtyProcessOptions {
  return {
    argv,
    env: { PATH: "/usr/bin:/bin", PS1: "$ ", LANG: "C" },
    cwd: "/",
    cols: 80,
    rows: 24,
    term: "xterm",
    ...extra,
  };
}

Deno.test({
  name: "startPtyProcess() gives the child a /dev/pts terminal",
  ignore: linuxOnly,
  async fn() {
    const pty = startPtyProcess(options(["/bin/sh", "-c", "tty; ps -o tty= -p $$"]));
    const output = collectOutput(pty);

    assertMatch(pty.ttyName, /^\/dev\/pts\/\d+$/);
    const exit = await pty.exited;
    await output.waitFor(/pts\/\d+\s*\r\n.*pts\/\d+/s);
    await pty.close();

    assertEquals(exit, { code: 0, signal: null });
    const lines = output.text().trim().split("\r\n").map((line) => line.trim());
    assertEquals(lines[0], pty.ttyName);
    assertEquals(`/dev/${lines[1]}`, pty.ttyName, "the PTY is the controlling terminal");
  },
});

Deno.test({
  name: "startPtyProcess() runs the child in its own session",
  ignore: linuxOnly,
  async fn() {
    const pty = startPtyProcess(options(["/bin/sh", "-c", "ps -o sid=,pgid= -p $$"]));
    const output = collectOutput(pty);

    await pty.exited;
    const match = await output.waitFor(/(\d+)\s+(\d+)/);
    await pty.close();

    assertEquals(Number(match[1]), pty.pid, "session id");
    assertEquals(Number(match[2]), pty.pid, "process group id");
  },
});

Deno.test({
  name: "resize() changes what stty size prints",
  ignore: linuxOnly,
  async fn() {
    const pty = startPtyProcess(options(["/bin/sh"], { cols: 100, rows: 30 }));
    const output = collectOutput(pty);

    pty.stream.write("stty size\n");
    await output.waitFor(/30 100\r\n/);
    pty.resize(132, 43);
    pty.stream.write("stty size; exit\n");
    await output.waitFor(/43 132\r\n/);

    assertEquals(await pty.exited, { code: 0, signal: null });
    await pty.close();
  },
});

Deno.test({
  name: "resize() sends SIGWINCH to the foreground process",
  ignore: linuxOnly,
  async fn() {
    const script = "trap 'stty size; exit 0' WINCH; echo ready; while :; do sleep 0.05; done";
    const pty = startPtyProcess(options(["/bin/sh", "-c", script]));
    const output = collectOutput(pty);

    await output.waitFor(/ready/);
    pty.resize(90, 20);

    await output.waitFor(/20 90/);
    assertEquals(await pty.exited, { code: 0, signal: null });
    await pty.close();
  },
});

Deno.test({
  name: "Ctrl-C interrupts the child when ISIG is set",
  ignore: linuxOnly,
  async fn() {
    const pty = startPtyProcess(options(["sleep", "30"], { modes: { ISIG: 1, VINTR: 3 } }));

    pty.stream.write("\x03");

    assertEquals(await pty.exited, { code: null, signal: "INT" });
    await pty.close();
  },
});

Deno.test({
  name: "Ctrl-C is plain input when ISIG is cleared",
  ignore: linuxOnly,
  async fn() {
    const script = "stty -echo; echo ready; dd bs=1 count=1 2>/dev/null | od -An -tx1";
    const pty = startPtyProcess(
      options(["/bin/sh", "-c", script], { modes: { ISIG: 0, ICANON: 0 } }),
    );
    const output = collectOutput(pty);

    await output.waitFor(/ready/);
    pty.stream.write("\x03");

    await output.waitFor(/03/);
    assertEquals(await pty.exited, { code: 0, signal: null });
    await pty.close();
  },
});

Deno.test({
  name: "startPtyProcess() applies ECHO, ICANON and special characters",
  ignore: linuxOnly,
  async fn() {
    const modes = { ECHO: 0, ICANON: 0, VINTR: 1, VERASE: 8 };
    const pty = startPtyProcess(options(["stty", "-a"], { modes }));
    const output = collectOutput(pty);

    await pty.exited;
    await output.waitFor(/-echo/);
    await pty.close();
    const text = output.text();

    assertMatch(text, /(^|\s)-echo(\s|$)/m);
    assertMatch(text, /(^|\s)-icanon(\s|$)/m);
    assertMatch(text, /intr = \^A;/);
    assertMatch(text, /erase = \^H;/);
  },
});

Deno.test({
  name: "exited reports the exit code",
  ignore: linuxOnly,
  async fn() {
    const pty = startPtyProcess(options(["/bin/sh", "-c", "exit 7"]));

    assertEquals(await pty.exited, { code: 7, signal: null });
    await pty.close();
  },
});

Deno.test({
  name: "signal() delivers TERM to the child",
  ignore: linuxOnly,
  async fn() {
    const pty = startPtyProcess(options(["sleep", "30"]));

    pty.signal("TERM");

    assertEquals(await pty.exited, { code: null, signal: "TERM" });
    await pty.close();
  },
});

Deno.test({
  name: "close() hangs up and reaps a running child",
  ignore: linuxOnly,
  async fn() {
    const pty = startPtyProcess(options(["sleep", "30"]));

    await pty.close();

    assertEquals(await pty.exited, { code: null, signal: "HUP" });
    assert(!(await exists(`/proc/${pty.pid}`)), "no zombie is left");
    assert(pty.stream.destroyed);
  },
});

Deno.test({
  name: "startPtyProcess() leaks no fds over 50 spawns",
  ignore: linuxOnly,
  async fn() {
    const output = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-all", "tests/ssh/pty/_fd_leak_check.ts"],
      cwd: REPO_ROOT,
      stderr: "inherit",
    }).output();
    assertEquals(output.code, 0);

    const result = JSON.parse(new TextDecoder().decode(output.stdout));

    assertEquals(result.after, result.before, "open PTY fds after 50 spawns");
    assertEquals(result.zombies, [], "children left unreaped");
  },
});

Deno.test({
  name: "startPtyProcess() throws for a missing program",
  ignore: linuxOnly,
  fn() {
    let message = "";
    try {
      startPtyProcess(options(["/nonexistent/program"]));
    } catch (error) {
      message = (error as Error).message;
    }
    assertMatch(message, /Cannot start "\/nonexistent\/program" in "\/".*ENOENT/);
  },
});

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

Deno.test({
  name: "stream echoes typed bytes within milliseconds",
  ignore: linuxOnly,
  async fn() {
    const pty = startPtyProcess(options(["cat"]));
    const output = collectOutput(pty);
    const delays: number[] = [];

    for (let i = 0; i < 50; i++) {
      const started = performance.now();
      pty.stream.write(String.fromCharCode(97 + (i % 26)));
      await output.waitFor(new RegExp(`^.{${i + 1}}`, "s"));
      delays.push(performance.now() - started);
    }
    await pty.close();

    delays.sort((a, b) => a - b);
    const median = delays[delays.length >> 1];
    console.log(
      `PTY echo round trip: median ${median.toFixed(2)} ms, max ${delays.at(-1)!.toFixed(2)} ms`,
    );
    // Waiting for the 50 ms poll timeout instead of the data would put the median near 25 ms.
    assert(median < 20, `median echo delay ${median} ms`);
  },
});
