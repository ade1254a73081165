import { assertEquals, assertThrows } from "../_support/assert.ts";
import {
  check,
  cString,
  ENOENT,
  errno,
  libc,
  LibcError,
  O_CLOEXEC,
  O_RDONLY,
  strerror,
} from "../../ffi/libc.ts";
import { buildFlock } from "../../src/kvp/pool_file.ts";

const linuxOnly = Deno.build.os !== "linux";

Deno.test("cString() appends a NUL", () => {
  assertEquals(Array.from(cString("aé")), [0x61, 0xc3, 0xa9, 0]);
  assertEquals(Array.from(cString("")), [0]);
});

Deno.test({
  name: "errno() reports a failed open",
  ignore: linuxOnly,
  fn() {
    const fd = libc().open(cString("/nonexistent/egs-test"), O_RDONLY | O_CLOEXEC, 0);
    assertEquals(fd, -1);
    assertEquals(errno(), ENOENT);
    assertEquals(strerror(ENOENT), "No such file or directory");
  },
});

Deno.test({
  name: "check() throws LibcError with errno",
  ignore: linuxOnly,
  fn() {
    const error = assertThrows(
      () =>
        check(
          "open",
          libc().open(cString("/nonexistent/egs-test"), O_RDONLY, 0),
          "of /nonexistent/egs-test",
        ),
      LibcError,
      "open of /nonexistent/egs-test failed: No such file or directory (errno 2).",
    );
    assertEquals(error.code, ENOENT);
    assertEquals(check("close", 0), 0);
  },
});

Deno.test({
  name: "pipe2() and worker-thread read move bytes",
  ignore: linuxOnly,
  async fn() {
    const fds = new Int32Array(2);
    check("pipe2", libc().pipe2(new Uint8Array(fds.buffer), O_CLOEXEC));
    // The worker thread writes into the buffer, so it must stay referenced
    // until the call returns.
    const buffer = new Uint8Array(16);
    const reading = libc().read(fds[0], buffer, 16n);
    libc().write_now(fds[1], cString("ping"), 4n);
    assertEquals(Number(await reading), 4);
    assertEquals(new TextDecoder().decode(buffer.subarray(0, 4)), "ping");
    libc().close(fds[0]);
    libc().close(fds[1]);
  },
});

Deno.test("buildFlock() lays out a whole-file lock", () => {
  const bytes = buildFlock(1);
  assertEquals(bytes.length, 32);
  assertEquals(Array.from(bytes.subarray(0, 4)), [1, 0, 0, 0]);
  assertEquals(bytes.subarray(4).every((b) => b === 0), true);
});
