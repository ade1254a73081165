/** Random passwords for `chpasswd` entries set to `RANDOM`. */

const LOWER = "abcdefghijklmnopqrstuvwxyz";
const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const DIGITS = "0123456789";
const PUNCTUATION = "!#$%&()*+,-./;<=>?@[]^_{|}~";

/** Length cloud-init uses for generated user passwords. */
export const RANDOM_PASSWORD_LENGTH = 20;

/**
 * Generates a password of `length` characters from the system's CSPRNG with
 * at least one lower-case letter, upper-case letter, digit and punctuation
 * character, like cloud-init's `rand_user_password`. The punctuation set
 * leaves out `:` (the chpasswd field separator), quotes and the backslash,
 * so the password can be typed and passed on without escaping.
 */
export function randomPassword(length = RANDOM_PASSWORD_LENGTH): string {
  const classes = [LOWER, UPPER, DIGITS, PUNCTUATION];
  if (length < classes.length) {
    throw new RangeError(`Invalid password length ${length}: expected at least ${classes.length}.`);
  }
  const all = classes.join("");
  const chars = classes.map((set) => pick(set));
  while (chars.length < length) chars.push(pick(all));

  // Fisher-Yates, so the guaranteed characters do not sit at fixed places.
  for (let index = chars.length - 1; index > 0; index--) {
    const other = randomBelow(index + 1);
    [chars[index], chars[other]] = [chars[other], chars[index]];
  }
  return chars.join("");
}

function pick(set: string): string {
  return set[randomBelow(set.length)];
}

// Rejection sampling keeps the choice uniform for any bound.
function randomBelow(bound: number): number {
  const limit = Math.floor(0x1_0000_0000 / bound) * bound;
  const buffer = new Uint32Array(1);
  while (true) {
    crypto.getRandomValues(buffer);
    if (buffer[0] < limit) return buffer[0] % bound;
  }
}
