/**
 * Reads `write_files[].permissions` as an octal file mode. The value is text
 * (the source-text rule keeps `0640` and `640` as written), so both mean
 * 0o640; cloud-init's reading of `640` as decimal 640 (0o1200) is not kept.
 */

/** The mode used when `permissions` is absent or cannot be read, as cloud-init does. */
export const DEFAULT_FILE_MODE = 0o644;

/**
 * Parses octal permissions such as `0640`, `640`, `0o640` or `1755`, and returns
 * the mode, or undefined when the text is not an octal mode of at most 4 digits.
 */
export function parseFileMode(text: string): number | undefined {
  const trimmed = text.trim();
  const digits = trimmed.replace(/^0o/i, "");
  if (!/^[0-7]{1,5}$/.test(digits)) return undefined;
  const mode = parseInt(digits, 8);
  return mode <= 0o7777 ? mode : undefined;
}

/** Formats a mode as four octal digits, as in `0640`. */
export function formatFileMode(mode: number): string {
  return mode.toString(8).padStart(4, "0");
}
