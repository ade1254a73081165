import { assertEquals } from "../../_support/assert.ts";
import { withTimeout } from "../../_support/with_timeout.ts";
import { type PtyProcess, startPtyProcess } from "../../../src/ssh/pty/mod.ts";
import { collectOutput } from "./_pty_output.ts";

function startCat(): PtyProcess {
  return startPtyProcess({
    argv: ["cat"],
    env: { PATH: "/usr/bin:/bin" },
    cwd: "/",
    cols: 80,
    rows: 24,
    term: "xterm",
  });
}

// A PTY used to keep one of the runtime's 32 FFI worker threads in waitpid()
// for as long as its child ran, and another in poll() most of the time. With
// about 16 terminals open, every later nonblocking FFI call and every async
// file read of the process waited.
Deno.test({
  name: "startPtyProcess() beside 40 idle PTYs",
  ignore: Deno.build.os !== "linux",
  async fn() {
    const idle: PtyProcess[] = [];
    try {
      for (let i = 0; i < 40; i++) {
        const pty = startCat();
        pty.stream.resume();
        idle.push(pty);
      }
      await withTimeout(Deno.readTextFile("/proc/self/stat"), 5000, "a file read");

      const last = startCat();
      idle.push(last);
      const output = collectOutput(last);
      last.stream.write("ping\n");
      await output.waitFor(/ping\r\nping\r\n/, 5000);
      last.signal("TERM");
      assertEquals(await withTimeout(last.exited, 5000, "the exit of the last PTY"), {
        code: null,
        signal: "TERM",
      });
    } finally {
      await Promise.all(idle.map((pty) => pty.close()));
    }
  },
});
