/**
 * Maps SSH signal names (RFC 4254 section 6.10: the POSIX name without the
 * "SIG" prefix) to Linux signal numbers and back.
 */

const LINUX_SIGNALS: Readonly<Record<string, number>> = {
  HUP: 1,
  INT: 2,
  QUIT: 3,
  ILL: 4,
  ABRT: 6,
  FPE: 8,
  KILL: 9,
  USR1: 10,
  SEGV: 11,
  USR2: 12,
  PIPE: 13,
  ALRM: 14,
  TERM: 15,
  CHLD: 17,
  CONT: 18,
  STOP: 19,
  TSTP: 20,
  WINCH: 28,
};

/**
 * Returns the Linux number of an SSH signal name such as `INT` (a `SIG`
 * prefix is accepted too); throws a RangeError naming the accepted names.
 */
export function signalNumber(name: string): number {
  const key = name.toUpperCase().replace(/^SIG/, "");
  const number = LINUX_SIGNALS[key];
  if (number === undefined) {
    throw new RangeError(
      `Unknown signal "${name}": expected one of ${Object.keys(LINUX_SIGNALS).join(", ")}.`,
    );
  }
  return number;
}

/** Returns the SSH name of a Linux signal number, or `SIG<number>` when it has none. */
export function signalName(number: number): string {
  const entry = Object.entries(LINUX_SIGNALS).find(([, value]) => value === number);
  return entry ? entry[0] : `SIG${number}`;
}
