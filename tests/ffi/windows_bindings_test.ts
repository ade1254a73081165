import { assertEquals, assertThrows } from "../_support/assert.ts";
import { HKEY_LOCAL_MACHINE } from "../../ffi/advapi32.ts";
import { INVALID_SOCKET, socketHandle, ws2 } from "../../ffi/ws2_32.ts";

Deno.test("socketHandle() maps INVALID_SOCKET to undefined", () => {
  assertEquals(socketHandle(INVALID_SOCKET), undefined);
  assertEquals(socketHandle(0x1a4n), 0x1a4n);
  assertEquals(socketHandle(420), 420n);
});

Deno.test("HKEY_LOCAL_MACHINE is sign-extended", () => {
  assertEquals(HKEY_LOCAL_MACHINE, BigInt.asUintN(64, BigInt(-2147483646)));
});

Deno.test({
  name: "ws2() refuses to open outside Windows",
  ignore: Deno.build.os === "windows",
  fn() {
    assertThrows(() => ws2(), Error, "Windows-only");
  },
});
