import { assertEquals } from "../_support/assert.ts";
import { decodeUtf16, encodeUtf16z, REG_SZ, stringValues } from "../../src/kvp/registry_values.ts";

const hex = (bytes: Uint8Array) =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join(" ");

Deno.test("encodeUtf16z() writes UTF-16LE with a terminator", () => {
  assertEquals(hex(encodeUtf16z("Ab")), "41 00 62 00 00 00");
  assertEquals(hex(encodeUtf16z("€")), "ac 20 00 00");
  assertEquals(hex(encodeUtf16z("😀")), "3d d8 00 de 00 00");
  assertEquals(hex(encodeUtf16z("")), "00 00");
});

Deno.test("decodeUtf16() stops at the first NUL", () => {
  const cases: [Uint8Array, string][] = [
    [encodeUtf16z("Grüße 😀"), "Grüße 😀"],
    [encodeUtf16z("abc").subarray(0, 6), "abc"],
    [new Uint8Array([0x61, 0, 0, 0, 0x62, 0]), "a"],
    [new Uint8Array([0x61, 0, 0x62]), "a"],
    [new Uint8Array(0), ""],
  ];
  for (const [bytes, text] of cases) assertEquals(decodeUtf16(bytes), text, hex(bytes));
});

Deno.test("stringValues() keeps only REG_SZ values", () => {
  const values = [
    { name: "shell", type: REG_SZ, data: encodeUtf16z("/bin/zsh") },
    { name: "count", type: 4, data: new Uint8Array([1, 0, 0, 0]) },
    { name: "expand", type: 2, data: encodeUtf16z("%PATH%") },
    { name: "multi", type: 7, data: encodeUtf16z("a") },
    { name: "empty", type: REG_SZ, data: new Uint8Array(0) },
  ];
  assertEquals(stringValues(values), new Map([["shell", "/bin/zsh"], ["empty", ""]]));
});
