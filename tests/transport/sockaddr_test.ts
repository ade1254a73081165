import { assertEquals, assertThrows } from "../_support/assert.ts";
import {
  buildSockaddrHv,
  buildSockaddrUn,
  buildSockaddrVm,
  parseSockaddrHv,
  parseSockaddrUn,
  parseSockaddrVm,
  SOCKADDR_HV_SIZE,
  VMADDR_CID_ANY,
} from "../../src/transport/sockaddr.ts";

const hex = (bytes: Uint8Array) =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join(" ");

Deno.test("buildSockaddrVm() puts port at 4 and CID at 8", () => {
  const cases: [number, number, string][] = [
    [VMADDR_CID_ANY, 5002, "28 00 00 00 8a 13 00 00 ff ff ff ff 00 00 00 00"],
    [3, 5002, "28 00 00 00 8a 13 00 00 03 00 00 00 00 00 00 00"],
    [2, 1024, "28 00 00 00 00 04 00 00 02 00 00 00 00 00 00 00"],
  ];
  for (const [cid, port, bytes] of cases) assertEquals(hex(buildSockaddrVm({ cid, port })), bytes);
});

Deno.test("parseSockaddrVm() does not swap CID and port", () => {
  const parsed = parseSockaddrVm(buildSockaddrVm({ cid: 3, port: 5002 }));
  assertEquals(parsed, { cid: 3, port: 5002 });
  assertThrows(() => parseSockaddrVm(new Uint8Array(16)), RangeError, "address family is 0");
  assertThrows(() => parseSockaddrVm(new Uint8Array(8)), RangeError, "expected 16 bytes");
});

Deno.test("buildSockaddrUn() NUL-terminates the path", () => {
  const { bytes, length } = buildSockaddrUn("/run/egs.sock");
  assertEquals(bytes.length, 110);
  assertEquals(length, 2 + 13 + 1);
  assertEquals(hex(bytes.subarray(0, 3)), "01 00 2f");
  assertEquals(bytes[15], 0);
  assertEquals(parseSockaddrUn(bytes, length), "/run/egs.sock");
  assertThrows(() => buildSockaddrUn("/" + "x".repeat(107)), RangeError, "1 to 107 bytes");
  assertThrows(() => buildSockaddrUn(""), RangeError, "Invalid unix socket path");
});

Deno.test("buildSockaddrHv() lays out 36 bytes", () => {
  const bytes = buildSockaddrHv({
    vmId: "a42e7cda-d03f-480c-9cc2-a4de20abb878",
    serviceId: "0000138a-facb-11e6-bd58-64006a7986d3",
  });
  assertEquals(bytes.length, SOCKADDR_HV_SIZE);
  assertEquals(hex(bytes.subarray(0, 4)), "22 00 00 00");
  assertEquals(hex(bytes.subarray(4, 20)), "da 7c 2e a4 3f d0 0c 48 9c c2 a4 de 20 ab b8 78");
  assertEquals(hex(bytes.subarray(20)), "8a 13 00 00 cb fa e6 11 bd 58 64 00 6a 79 86 d3");
  assertEquals(parseSockaddrHv(bytes), {
    vmId: "a42e7cda-d03f-480c-9cc2-a4de20abb878",
    serviceId: "0000138a-facb-11e6-bd58-64006a7986d3",
  });
});
