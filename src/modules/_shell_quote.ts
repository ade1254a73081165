/** POSIX shell quoting for argv entries of `runcmd` and `bootcmd`. */

const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * Joins `argv` into one POSIX shell command line, quoting each word so the
 * shell passes it through unchanged. A word that is safe as written stays
 * bare; any other word goes in single quotes, with inner `'` written as `'\''`.
 */
export function shellQuote(argv: readonly string[]): string {
  return argv.map(quoteWord).join(" ");
}

function quoteWord(word: string): string {
  if (SAFE_WORD.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}
