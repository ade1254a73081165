import { assertEquals, assertThrows } from "../_support/assert.ts";
import { bytesToGuid, guidToBytes, isGuid } from "../../src/transport/guid.ts";

const hex = (bytes: Uint8Array) =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join(" ");

Deno.test("guidToBytes() uses Windows binary order", () => {
  const cases: [string, string][] = [
    ["0000138a-facb-11e6-bd58-64006a7986d3", "8a 13 00 00 cb fa e6 11 bd 58 64 00 6a 79 86 d3"],
    ["a42e7cda-d03f-480c-9cc2-a4de20abb878", "da 7c 2e a4 3f d0 0c 48 9c c2 a4 de 20 ab b8 78"],
    ["00000000-0000-0000-0000-000000000000", "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"],
    ["{0000138A-FACB-11E6-BD58-64006A7986D3}", "8a 13 00 00 cb fa e6 11 bd 58 64 00 6a 79 86 d3"],
  ];
  for (const [guid, bytes] of cases) assertEquals(hex(guidToBytes(guid)), bytes, guid);
});

Deno.test("bytesToGuid() reverses guidToBytes()", () => {
  for (
    const guid of ["0000138a-facb-11e6-bd58-64006a7986d3", "e0e16197-dd56-4a10-9195-5ee7a155a838"]
  ) {
    assertEquals(bytesToGuid(guidToBytes(guid)), guid);
  }
  assertEquals(
    bytesToGuid(guidToBytes("90DB8B89-0D35-4F79-8CE9-49EA0AC8B7CD")),
    "90db8b89-0d35-4f79-8ce9-49ea0ac8b7cd",
  );
});

Deno.test("guidToBytes() rejects malformed GUIDs", () => {
  for (
    const text of ["", "0000138a-facb-11e6-bd58", "0000138g-facb-11e6-bd58-64006a7986d3", "5002"]
  ) {
    assertThrows(() => guidToBytes(text), RangeError, "Invalid GUID");
    assertEquals(isGuid(text), false, text);
  }
  assertThrows(() => bytesToGuid(new Uint8Array(15)), RangeError, "expected 16 bytes");
});
