/**
 * Parsing of the `expiry-time` authorized_keys option. Two forms are accepted:
 * the OpenSSH compact form (`YYYYMMDD`, `YYYYMMDDHHMM`, `YYYYMMDDHHMMSS`, each
 * with an optional `Z`) and ISO-8601 extended format (`2026-06-02T14:30:00Z`,
 * with `-` and `:` separators). A value without an offset is read as UTC, where
 * OpenSSH reads it as local time: guests often run with an unknown time zone,
 * and the host that writes the key cannot know it.
 */

const COMPACT = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?Z?$/;
const EXTENDED =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * Parses an `expiry-time` value (surrounding quotes already removed) into the
 * instant it names. Returns undefined for anything else, including the ISO-8601
 * basic format `20260602T143000Z`, so callers treat the key as expired.
 */
export function parseExpiryTime(value: string): Date | undefined {
  const text = value.trim();
  const compact = COMPACT.exec(text);
  if (compact !== null) {
    const [, year, month, day, hour, minute, second] = compact;
    return buildUtc(year, month, day, hour, minute, second, undefined, 0);
  }

  const extended = EXTENDED.exec(text);
  if (extended === null) return undefined;
  const [, year, month, day, hour, minute, second, fraction, offset] = extended;
  const offsetMinutes = parseOffset(offset);
  if (offsetMinutes === undefined) return undefined;
  return buildUtc(year, month, day, hour, minute, second, fraction, offsetMinutes);
}

/** Tells whether a key with this expiry instant is no longer valid at `now`. */
export function isExpired(expiresAt: Date, now: Date): boolean {
  return expiresAt.getTime() <= now.getTime();
}

function parseOffset(offset: string | undefined): number | undefined {
  if (offset === undefined || offset === "Z" || offset === "z") return 0;
  const match = /^([+-])(\d{2}):?(\d{2})?$/.exec(offset);
  if (match === null) return undefined;
  const hours = Number(match[2]);
  const minutes = Number(match[3] ?? "0");
  if (hours > 23 || minutes > 59) return undefined;
  const sign = match[1] === "-" ? -1 : 1;
  return sign * (hours * 60 + minutes);
}

function buildUtc(
  yearText: string,
  monthText: string,
  dayText: string,
  hourText: string | undefined,
  minuteText: string | undefined,
  secondText: string | undefined,
  fractionText: string | undefined,
  offsetMinutes: number,
): Date | undefined {
  const year = Number(yearText);
  const month = Number(monthText);
  const day = Number(dayText);
  const hour = Number(hourText ?? "0");
  const minute = Number(minuteText ?? "0");
  const second = Number(secondText ?? "0");
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) {
    return undefined;
  }

  const milliseconds = fractionText === undefined
    ? 0
    : Math.floor(Number(`0.${fractionText}`) * 1000);
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, milliseconds);
  // Date.UTC rolls 31 April over into 1 May, so a day past the month's end shows up here.
  if (new Date(utc).getUTCDate() !== day) return undefined;
  return new Date(utc - offsetMinutes * 60_000);
}
