/**
 * Builds the command line and environment block that `CreateProcessW` takes.
 * Quoting follows the argv parser of the Microsoft C runtime and
 * `CommandLineToArgvW`. Arguments with spaces, tabs or quotes are quoted, and
 * quotes are escaped with a backslash. Backslashes are doubled only where
 * they precede a quote.
 */

/** Joins `argv` into one command line that the C runtime splits back into `argv`. */
export function windowsCommandLine(argv: readonly string[]): string {
  return argv.map(quoteArgument).join(" ");
}

function quoteArgument(argument: string): string {
  if (argument !== "" && !/[\s"]/.test(argument)) return argument;

  let quoted = '"';
  let backslashes = 0;
  for (const character of argument) {
    if (character === "\\") {
      backslashes++;
      continue;
    }
    if (character === '"') {
      quoted += "\\".repeat(backslashes * 2 + 1) + '"';
    } else {
      quoted += "\\".repeat(backslashes) + character;
    }
    backslashes = 0;
  }
  // Backslashes before the closing quote are doubled so that they stay literal.
  return quoted + "\\".repeat(backslashes * 2) + '"';
}

/**
 * Builds a UTF-16 environment block: `NAME=value` entries, each ending in
 * NUL, sorted by name without regard to case as Windows expects, and a final
 * NUL.
 */
export function windowsEnvironmentBlock(env: Readonly<Record<string, string>>): Uint16Array {
  const entries = Object.entries(env)
    .sort(([a], [b]) =>
      a.toUpperCase() < b.toUpperCase() ? -1 : a.toUpperCase() > b.toUpperCase() ? 1 : 0
    )
    .map(([name, value]) => `${name}=${value}\0`)
    .join("");
  const text = `${entries}\0`;
  const block = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) block[i] = text.charCodeAt(i);
  return block;
}
