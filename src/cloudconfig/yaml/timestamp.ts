/**
 * YAML timestamps as PyYAML constructs them: a date-only value becomes a
 * Python `date`, anything with a time a `datetime` that is naive unless it
 * names a zone. The loader returns a JavaScript `Date` and keeps the Python
 * fields beside it so output can show the value the way PyYAML would.
 */

/** The fields of the Python `date` or `datetime` that PyYAML would build. */
export interface TimestampParts {
  /** `date` for a date-only value, `datetime` when a time is given. */
  kind: "date" | "datetime";
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  microsecond: number;
  /** Offset from UTC in minutes; undefined for a naive datetime (and for a date). */
  offsetMinutes?: number;
}

const PARTS: unique symbol = Symbol.for("egs.yaml.timestamp") as never;

const TIMESTAMP_FIELDS = new RegExp(
  "^([0-9]{4})-([0-9][0-9]?)-([0-9][0-9]?)" +
    "(?:(?:[Tt]|[ \\t]+)([0-9][0-9]?):([0-9][0-9]):([0-9][0-9])(?:\\.([0-9]*))?" +
    "(?:[ \\t]*(Z|([-+])([0-9][0-9]?)(?::([0-9][0-9]))?))?)?\\n?$",
);

/**
 * Parses timestamp text into the fields PyYAML would use. Returns undefined
 * when the text does not have the timestamp form. Throws a `RangeError` when
 * a field is out of range (month 13, hour 24, February 30), in the cases
 * where Python's `datetime` raises `ValueError`.
 */
export function parseTimestamp(text: string): TimestampParts | undefined {
  const match = TIMESTAMP_FIELDS.exec(text);
  if (match === null) return undefined;
  const [, year, month, day, hour, minute, second, fraction, zone, sign, zoneHour, zoneMinute] =
    match;
  const parts: TimestampParts = {
    kind: hour === undefined ? "date" : "datetime",
    year: Number(year),
    month: Number(month),
    day: Number(day),
    hour: Number(hour ?? 0),
    minute: Number(minute ?? 0),
    second: Number(second ?? 0),
    // Python keeps microseconds: extra digits are cut, missing ones are zeros.
    microsecond: fraction ? Number(fraction.slice(0, 6).padEnd(6, "0")) : 0,
  };
  if (sign !== undefined) {
    const offset = Number(zoneHour) * 60 + Number(zoneMinute ?? 0);
    parts.offsetMinutes = sign === "-" ? -offset : offset;
  } else if (zone !== undefined) {
    parts.offsetMinutes = 0;
  }
  checkRanges(parts);
  return parts;
}

function checkRanges(parts: TimestampParts): void {
  const daysInMonth = new Date(Date.UTC(2000, parts.month, 0)).getUTCDate();
  const leapAdjusted = parts.month === 2 && !isLeapYear(parts.year) ? 28 : daysInMonth;
  const problems: string[] = [];
  if (parts.year < 1) problems.push(`year ${parts.year} is before year 1`);
  if (parts.month < 1 || parts.month > 12) problems.push(`month ${parts.month} is not 1 to 12`);
  else if (parts.day < 1 || parts.day > leapAdjusted) {
    problems.push(`day ${parts.day} is not in month ${parts.month}`);
  }
  if (parts.hour > 23) problems.push(`hour ${parts.hour} is not 0 to 23`);
  if (parts.minute > 59) problems.push(`minute ${parts.minute} is not 0 to 59`);
  if (parts.second > 59) problems.push(`second ${parts.second} is not 0 to 59`);
  if (parts.offsetMinutes !== undefined && Math.abs(parts.offsetMinutes) >= 24 * 60) {
    problems.push("the zone offset is not less than 24 hours");
  }
  if (problems.length > 0) throw new RangeError(problems.join(", "));
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * Builds the `Date` for timestamp fields and attaches the fields to it.
 * A naive datetime and a date are read as UTC, because JavaScript has no
 * zone-less instant.
 */
export function timestampToDate(parts: TimestampParts): Date {
  const utc = Date.UTC(
    parts.year,
    parts.month - 1,
    parts.day,
    parts.hour,
    parts.minute,
    parts.second,
    Math.floor(parts.microsecond / 1000),
  );
  const date = new Date(utc - (parts.offsetMinutes ?? 0) * 60_000);
  // Date.UTC maps years 0-99 to 1900-1999, so set the full year explicitly.
  if (parts.year < 100) date.setUTCFullYear(date.getUTCFullYear() - 1900);
  Object.defineProperty(date, PARTS, { value: parts, enumerable: false });
  return date;
}

/** Returns the timestamp fields the loader attached to `date`, if any. */
export function timestampPartsOf(date: Date): TimestampParts | undefined {
  return (date as Date & { [PARTS]?: TimestampParts })[PARTS];
}

/**
 * Formats a loaded timestamp as Python's `str()` and PyYAML's dumper show it:
 * `2001-12-14` for a date, `2001-12-14 21:59:43.100000-05:00` for a datetime
 * (microseconds only when non-zero, the offset only when a zone was given).
 * A `Date` the loader did not build is formatted as an aware UTC datetime.
 */
export function formatPythonTimestamp(date: Date): string {
  const parts = timestampPartsOf(date) ?? partsFromUtc(date);
  const day = `${pad(parts.year, 4)}-${pad(parts.month, 2)}-${pad(parts.day, 2)}`;
  if (parts.kind === "date") return day;
  let text = `${day} ${pad(parts.hour, 2)}:${pad(parts.minute, 2)}:${pad(parts.second, 2)}`;
  if (parts.microsecond !== 0) text += `.${pad(parts.microsecond, 6)}`;
  if (parts.offsetMinutes !== undefined) {
    const sign = parts.offsetMinutes < 0 ? "-" : "+";
    const offset = Math.abs(parts.offsetMinutes);
    text += `${sign}${pad(Math.floor(offset / 60), 2)}:${pad(offset % 60, 2)}`;
  }
  return text;
}

function partsFromUtc(date: Date): TimestampParts {
  return {
    kind: "datetime",
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
    microsecond: date.getUTCMilliseconds() * 1000,
    offsetMinutes: 0,
  };
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, "0");
}
