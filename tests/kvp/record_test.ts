import { assertEquals, assertThrows } from "../_support/assert.ts";
import { decodePool, encodePool, KVP_RECORD_SIZE, validateEntry } from "../../src/kvp/record.ts";

Deno.test("encodePool() writes NUL-padded 2560-byte records", () => {
  const bytes = encodePool(new Map([["a", "1"], ["schlüssel", "wert"]]));
  assertEquals(bytes.length, 2 * KVP_RECORD_SIZE);
  assertEquals(bytes[0], 0x61);
  assertEquals(bytes.subarray(1, 512).every((b) => b === 0), true);
  assertEquals(bytes[512], 0x31);
  assertEquals(bytes.subarray(513, 2560).every((b) => b === 0), true);
  assertEquals(decodePool(bytes).entries, new Map([["a", "1"], ["schlüssel", "wert"]]));
});

Deno.test("decodePool() reports a partial trailing record", () => {
  const whole = encodePool(new Map([["k", "v"]]));
  const bytes = new Uint8Array(whole.length + 100);
  bytes.set(whole);
  bytes.fill(0x41, whole.length);
  const decoded = decodePool(bytes);
  assertEquals(decoded.entries, new Map([["k", "v"]]));
  assertEquals(decoded.trailingBytes, 100);
});

Deno.test("decodePool() skips empty keys and keeps the last duplicate", () => {
  const bytes = new Uint8Array(3 * KVP_RECORD_SIZE);
  const put = (index: number, key: string, value: string) => {
    bytes.set(new TextEncoder().encode(key), index * KVP_RECORD_SIZE);
    bytes.set(new TextEncoder().encode(value), index * KVP_RECORD_SIZE + 512);
  };
  put(0, "k", "first");
  put(2, "k", "second");
  assertEquals(decodePool(bytes).entries, new Map([["k", "second"]]));
});

Deno.test("validateEntry() enforces key and value limits", () => {
  const accepted: [string, string | null][] = [
    ["k".repeat(511), "v"],
    ["é".repeat(255), null],
    ["€".repeat(170), ""],
    ["k", "v".repeat(2047)],
    ["k", "ü".repeat(1023)],
  ];
  for (const [key, value] of accepted) validateEntry(key, value);

  const rejected: [string, string | null, string][] = [
    ["k".repeat(512), "v", "512 UTF-8 bytes, the maximum is 511"],
    ["€".repeat(171), "v", "513 UTF-8 bytes, the maximum is 511"],
    ["", "v", "must not be blank"],
    ["  ", "v", "must not be blank"],
    ["a\0b", "v", "contains a NUL"],
    ["big", "v".repeat(2048), 'KVP key "big": it is 2048 UTF-8 bytes, the maximum is 2047'],
    ["multi", "ü".repeat(1024), 'KVP key "multi": it is 2048 UTF-8 bytes'],
    ["nul", "a\0", 'KVP key "nul": the value contains a NUL'],
  ];
  for (const [key, value, message] of rejected) {
    assertThrows(() => validateEntry(key, value), RangeError, message);
  }
});
