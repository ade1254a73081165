import { assertEquals, assertThrows } from "../../_support/assert.ts";
import { decodeBase64Lenient } from "../../../src/cloudconfig/yaml/binary.ts";

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

Deno.test("decodeBase64Lenient() skips characters outside the alphabet", () => {
  assertEquals(text(decodeBase64Lenient("aGVs\n bG8=\n")), "hello");
  assertEquals(text(decodeBase64Lenient("aG*Vs-bG8=")), "hello");
});

Deno.test("decodeBase64Lenient() stops at complete padding", () => {
  assertEquals(text(decodeBase64Lenient("YQ==ignored")), "a");
  assertEquals(text(decodeBase64Lenient("YWI=")), "ab");
  assertEquals(text(decodeBase64Lenient("")), "");
});

Deno.test("decodeBase64Lenient() rejects incomplete groups", () => {
  assertThrows(() => decodeBase64Lenient("YQ"), RangeError, "incorrect padding");
  assertThrows(() => decodeBase64Lenient("YQ="), RangeError, "incorrect padding");
  assertThrows(() => decodeBase64Lenient("YWJjZ"), RangeError, "(5) cannot be 1 more");
});
