/** Parsing of the `##egs.reboot_limit=N` line an entry may print to raise its reboot cap. */

const LIMIT_LINE = /^##egs\.reboot_limit=([1-9][0-9]*)$/;

/** Returns N of the last valid `##egs.reboot_limit=N` line in `stdout`, or undefined when none is. */
export function findRebootLimit(stdout: string): number | undefined {
  let limit: number | undefined;
  for (const line of stdout.split("\n")) {
    const match = LIMIT_LINE.exec(line.trim());
    if (match === null) continue;
    const value = Number(match[1]);
    if (Number.isSafeInteger(value)) limit = value;
  }
  return limit;
}
