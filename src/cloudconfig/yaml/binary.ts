/**
 * Base64 decoding for `!!binary` with the leniency of Python's
 * `base64.decodebytes`, which PyYAML uses: characters outside the base64
 * alphabet (line breaks, spaces) are skipped, and only the padding rules
 * can make the data invalid.
 */

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const DIGIT_VALUES = new Map([...ALPHABET].map((character, index) => [character, index]));

/**
 * Decodes base64 text as `base64.decodebytes` does. Throws a `RangeError`
 * naming the problem when the data characters do not form whole groups of
 * four with the padding `=` that completes them.
 */
export function decodeBase64Lenient(text: string): Uint8Array {
  const bytes: number[] = [];
  let group = 0;
  let groupLength = 0;
  let padding = 0;
  let dataCharacters = 0;

  for (const character of text) {
    if (character === "=") {
      // Like CPython's a2b_base64, padding counts only after two data
      // characters of a group, and enough of it ends the data.
      if (groupLength >= 2) {
        padding += 1;
        if (groupLength + padding >= 4) {
          groupLength = 0;
          padding = 0;
          return Uint8Array.from(bytes);
        }
      }
      continue;
    }
    const digit = DIGIT_VALUES.get(character);
    if (digit === undefined) continue;
    padding = 0;
    dataCharacters += 1;
    group = (group << 6) | digit;
    groupLength += 1;
    if (groupLength === 2) bytes.push((group >> 4) & 0xff);
    else if (groupLength === 3) bytes.push((group >> 2) & 0xff);
    else if (groupLength === 4) {
      bytes.push(group & 0xff);
      group = 0;
      groupLength = 0;
    }
  }

  if (groupLength === 1) {
    throw new RangeError(
      `the number of data characters (${dataCharacters}) cannot be 1 more than a multiple of 4`,
    );
  }
  if (groupLength !== 0) throw new RangeError("incorrect padding");
  return Uint8Array.from(bytes);
}
