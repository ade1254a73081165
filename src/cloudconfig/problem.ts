/**
 * A problem found in user-data: by the YAML loader, the user-data pipeline or
 * schema validation. Problems never carry the value of a secret; they name
 * its key path instead.
 */

/** How bad a problem is: an `error` rejects the input, a `warning` does not. */
export type Severity = "error" | "warning";

/** One finding about an input, with where it is and how to fix it. */
export interface Problem {
  severity: Severity;
  /** Short stable identifier of the kind of problem, such as `unknown-key` or `duplicate-user`. */
  code: string;
  /** What is wrong, in one sentence; quotes the value unless it is a secret. */
  message: string;
  /** Input file (or part name inside a multipart message). */
  file?: string;
  /** Key path in the form `users[1].groups`; empty for the whole document. */
  path?: string;
  /** 1-based line in `file`, when known. */
  line?: number;
  /** 1-based column in `file`, when known. */
  column?: number;
  /** What would be accepted, for example `a string or a list of strings`. */
  expected?: string;
  /** What to change. */
  hint?: string;
}

/** Formats a key path from its segments: `["users", 1, "groups"]` becomes `users[1].groups`. */
export function formatKeyPath(segments: readonly (string | number)[]): string {
  let path = "";
  for (const segment of segments) {
    if (typeof segment === "number") path += `[${segment}]`;
    else path += path === "" ? segment : `.${segment}`;
  }
  return path;
}

/** Formats a problem as one line: `file:line:column: severity: path: message (expected …) hint`. */
export function formatProblem(problem: Problem): string {
  const where = [
    problem.file,
    problem.line,
    problem.line !== undefined ? problem.column : undefined,
  ]
    .filter((part) => part !== undefined)
    .join(":");
  const parts = [where === "" ? undefined : `${where}:`, `${problem.severity}:`];
  if (problem.path) parts.push(`${problem.path}:`);
  if (problem.expected) {
    // "Invalid value 42 for x (expected a list)." rather than "… for x. (expected a list)".
    const message = problem.message.replace(/\.$/, "");
    parts.push(
      `${message} (expected ${problem.expected})${message === problem.message ? "" : "."}`,
    );
  } else {
    parts.push(problem.message);
  }
  let line = parts.filter((part) => part !== undefined).join(" ");
  if (problem.hint) line += `${/[.!?]$/.test(line) ? "" : "."} Hint: ${problem.hint}`;
  return line;
}
