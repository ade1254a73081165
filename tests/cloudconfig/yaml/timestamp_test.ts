import { assertEquals, assertThrows } from "../../_support/assert.ts";
import {
  formatPythonTimestamp,
  parseTimestamp,
  timestampPartsOf,
  timestampToDate,
} from "../../../src/cloudconfig/yaml/timestamp.ts";

Deno.test("parseTimestamp() reads dates and datetimes as PyYAML does", () => {
  assertEquals(parseTimestamp("2001-12-14"), {
    kind: "date",
    year: 2001,
    month: 12,
    day: 14,
    hour: 0,
    minute: 0,
    second: 0,
    microsecond: 0,
  });
  assertEquals(parseTimestamp("2001-12-14 21:59:43.1234567 -5:30")?.microsecond, 123456);
  assertEquals(parseTimestamp("2001-12-14 21:59:43.1234567 -5:30")?.offsetMinutes, -330);
  assertEquals(parseTimestamp("2001-12-14T21:59:43Z")?.offsetMinutes, 0);
  assertEquals(parseTimestamp("2001-12-14 21:59:43")?.offsetMinutes, undefined);
  assertEquals(parseTimestamp("14.12.2001"), undefined);
});

Deno.test("parseTimestamp() rejects fields Python's datetime rejects", () => {
  for (const text of ["2001-13-01", "2001-02-29", "0000-01-01", "2001-01-01 24:00:00"]) {
    assertThrows(() => parseTimestamp(text), RangeError, undefined);
  }
  assertEquals(parseTimestamp("2000-02-29")?.day, 29);
});

Deno.test("timestampToDate() converts offsets to UTC and keeps the parts", () => {
  const parts = parseTimestamp("2001-12-14 21:59:43.10 -5")!;
  const date = timestampToDate(parts);
  assertEquals(date.toISOString(), "2001-12-15T02:59:43.100Z");
  assertEquals(timestampPartsOf(date), parts);
  assertEquals(timestampToDate(parseTimestamp("0099-01-01")!).getUTCFullYear(), 99);
});

Deno.test("formatPythonTimestamp() prints as Python's str()", () => {
  const format = (text: string) => formatPythonTimestamp(timestampToDate(parseTimestamp(text)!));
  assertEquals(format("2001-1-4 1:02:03"), "2001-01-04 01:02:03");
  assertEquals(format("2001-12-14 21:59:43.10 -5"), "2001-12-14 21:59:43.100000-05:00");
  assertEquals(format("2001-12-14"), "2001-12-14");
  assertEquals(format("2001-12-14 21:59:43 +5:30"), "2001-12-14 21:59:43+05:30");
});
