import { assertEquals } from "../_support/assert.ts";
import { isExpired, parseExpiryTime } from "../../src/ssh/expiry_time.ts";

const ACCEPTED: [string, string][] = [
  ["20260602", "2026-06-02T00:00:00.000Z"],
  ["20260602Z", "2026-06-02T00:00:00.000Z"],
  ["202606021430", "2026-06-02T14:30:00.000Z"],
  ["202606021430Z", "2026-06-02T14:30:00.000Z"],
  ["20260602143005", "2026-06-02T14:30:05.000Z"],
  ["20260602143005Z", "2026-06-02T14:30:05.000Z"],
  ["2026-06-02", "2026-06-02T00:00:00.000Z"],
  ["2026-06-02T14:30", "2026-06-02T14:30:00.000Z"],
  ["2026-06-02T14:30:05", "2026-06-02T14:30:05.000Z"],
  ["2026-06-02T14:30:05Z", "2026-06-02T14:30:05.000Z"],
  ["2026-06-02T14:30:05.250Z", "2026-06-02T14:30:05.250Z"],
  ["2026-06-02T14:30:05+02:00", "2026-06-02T12:30:05.000Z"],
  ["2026-06-02T14:30:05-0130", "2026-06-02T16:00:05.000Z"],
  ["2026-06-02 14:30:05Z", "2026-06-02T14:30:05.000Z"],
  ["  20260602  ", "2026-06-02T00:00:00.000Z"],
];

const REJECTED = [
  "",
  "tomorrow",
  "20260602T143000Z",
  "2026060",
  "202606021",
  "20261302",
  "20260431",
  "20260602250000",
  "2026-02-30",
  "2026-06-02T14:30:05+25:00",
  "2026/06/02",
  "1717338600",
];

for (const [value, expected] of ACCEPTED) {
  Deno.test(`parseExpiryTime() reads ${JSON.stringify(value)}`, () => {
    assertEquals(parseExpiryTime(value)?.toISOString(), expected);
  });
}

for (const value of REJECTED) {
  Deno.test(`parseExpiryTime() rejects ${JSON.stringify(value)}`, () => {
    assertEquals(parseExpiryTime(value), undefined);
  });
}

Deno.test("isExpired() is true at the expiry instant", () => {
  const expiry = new Date("2026-06-02T14:30:00Z");
  assertEquals(isExpired(expiry, new Date("2026-06-02T14:29:59Z")), false);
  assertEquals(isExpired(expiry, new Date("2026-06-02T14:30:00Z")), true);
  assertEquals(isExpired(expiry, new Date("2026-06-02T14:30:01Z")), true);
});
