import { assert, assertEquals, assertMatch, assertThrows } from "../_support/assert.ts";
import { spawnOnTerminal } from "../../ffi/posix_spawn.ts";
import { packCoord, wideString } from "../../ffi/pty_windows.ts";
import {
  cString,
  fromCString,
  O_CLOEXEC,
  O_NOCTTY,
  O_RDWR,
  ptyLibc,
  TERMIOS_SIZE,
} from "../../ffi/pty.ts";

const linuxOnly = Deno.build.os !== "linux";

Deno.test("cString() and fromCString() round-trip UTF-8 text", () => {
  const bytes = cString("/dev/pts/ä");

  assertEquals(bytes[bytes.length - 1], 0);
  assertEquals(fromCString(bytes), "/dev/pts/ä");
});

Deno.test({
  name: "ptyLibc() opens a master with a /dev/pts slave",
  ignore: linuxOnly,
  fn() {
    const libc = ptyLibc();
    const master = libc.posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    assert(master >= 0, "posix_openpt");
    try {
      assertEquals(libc.grantpt(master), 0);
      assertEquals(libc.unlockpt(master), 0);
      const name = new Uint8Array(64);
      assertEquals(libc.ptsname_r(master, name, BigInt(name.length)), 0);
      const termios = new Uint8Array(TERMIOS_SIZE);

      assertMatch(fromCString(name), /^\/dev\/pts\/\d+$/);
      assertEquals(libc.tcgetattr(master, termios), 0);
    } finally {
      libc.close(master);
    }
  },
});

Deno.test({
  name: "spawnOnTerminal() rejects an empty argv",
  ignore: linuxOnly,
  fn() {
    assertThrows(
      () => spawnOnTerminal({ argv: [], env: {}, cwd: "/", ttyPath: "/dev/null" }),
      TypeError,
      "argv is empty",
    );
  },
});

Deno.test({
  name: "spawnOnTerminal() names a missing working directory",
  ignore: linuxOnly,
  fn() {
    assertThrows(
      () => spawnOnTerminal({ argv: ["true"], env: {}, cwd: "/nonexistent", ttyPath: "/dev/null" }),
      Error,
      "no such file or directory (ENOENT)",
    );
  },
});

Deno.test("packCoord() puts columns low and rows high", () => {
  assertEquals(packCoord(80, 24), (24 << 16) | 80);
  assertEquals(packCoord(0, 100000), (0x7fff << 16) | 1, "clamped to 1..32767");
});

Deno.test("wideString() encodes NUL-terminated UTF-16", () => {
  assertEquals([...wideString("C:\\ä")], [0x43, 0x3a, 0x5c, 0xe4, 0]);
});
