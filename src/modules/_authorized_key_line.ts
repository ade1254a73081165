/**
 * Reads the options field of an `authorized_keys` line without re-tokenising
 * it: option values may be quoted and contain commas, spaces and escaped
 * quotes, so the line is only split at the first unquoted blank.
 */

const KEY_TYPE = /^(ssh-|ecdsa-|sk-|rsa-sha2-)[A-Za-z0-9@._-]+$/;

/**
 * Returns the line with `options` in place of its own options, such as the
 * `disable_root` prefix for root. An empty `options` keeps the line as written.
 */
export function replaceKeyOptions(line: string, options: string): string {
  const trimmed = line.trim();
  if (options === "") return trimmed;
  return `${options} ${stripKeyOptions(trimmed)}`;
}

/** Returns the line from its key type on, or the line as given when it has no options. */
export function stripKeyOptions(line: string): string {
  const trimmed = line.trim();
  const firstBlank = unquotedBlank(trimmed);
  if (firstBlank === -1) return trimmed;
  const firstField = trimmed.slice(0, firstBlank);
  if (KEY_TYPE.test(firstField)) return trimmed;
  return trimmed.slice(firstBlank).trimStart();
}

/** Position of the first space or tab outside double quotes, honouring `\"` escapes. */
function unquotedBlank(text: string): number {
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const character = text[index];
    if (character === "\\" && quoted) {
      index++;
    } else if (character === '"') {
      quoted = !quoted;
    } else if (!quoted && (character === " " || character === "\t")) {
      return index;
    }
  }
  return -1;
}
