/**
 * Turns zod issues into problems: a failed union is reported inside the
 * member that matches the value's kind, so `users[0].groups` is blamed rather
 * than `users`, and every message is worded for the key path, never quoting a
 * secret.
 */

import type { z } from "zod";
import { formatKeyPath, type Problem } from "./problem.ts";
import { positionOf, quoteValue, type Segments, valueAt } from "./_locate.ts";

type Issue = z.core.$ZodIssue;

const TYPE_NAMES: Record<string, string> = {
  string: "a string",
  boolean: "true or false",
  number: "a number",
  int: "an integer",
  array: "a list",
  object: "a mapping",
  record: "a mapping",
  null: "null (an empty value)",
  Uint8Array: "a string",
};

/** Converts the issues of a failed parse of `root` into error problems. */
export function problemsFromIssues(
  issues: readonly Issue[],
  root: unknown,
  file?: string,
): Problem[] {
  const problems: Problem[] = [];
  for (const issue of issues) collect(issue, [], root, file, problems);
  return problems;
}

function collect(
  issue: Issue,
  prefix: Segments,
  root: unknown,
  file: string | undefined,
  out: Problem[],
) {
  const path = [...prefix, ...(issue.path as (string | number)[])];
  if (issue.code === "invalid_union") {
    const matching = issue.errors.filter((branch) =>
      !branch.every((inner) => inner.path.length === 0)
    );
    if (matching.length > 0) {
      for (const inner of matching[0]) collect(inner, path, root, file, out);
      return;
    }
    out.push(problemAt(root, path, file, joinAlternatives(expectedOfUnion(issue))));
    return;
  }
  out.push(problemAt(root, path, file, expectedText(issue), issue));
}

/** Lists what each member of a failed union expected, members of nested unions included. */
function expectedOfUnion(issue: Issue): string[] {
  if (issue.code !== "invalid_union") return [expectedText(issue)];
  return [...new Set(issue.errors.flat().flatMap(expectedOfUnion))];
}

/** Joins alternatives as `a, b or c`. */
function joinAlternatives(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} or ${items.at(-1)}`;
}

/** Describes what an issue expected, as in `a string` or `one of "poweroff", "reboot"`. */
function expectedText(issue: Issue): string {
  switch (issue.code) {
    case "invalid_type":
      return TYPE_NAMES[issue.expected] ?? issue.expected;
    case "invalid_value":
      return issue.values.length === 1
        ? JSON.stringify(issue.values[0])
        : `one of ${issue.values.map((value) => JSON.stringify(value)).join(", ")}`;
    case "too_small":
      return issue.origin === "array"
        ? `a list with at least ${issue.minimum} entr${issue.minimum === 1 ? "y" : "ies"}`
        : `a value of at least ${issue.minimum}`;
    case "invalid_format":
      return issue.message.replace(/^Invalid string: /, "").replace(/^expected /, "");
    default:
      return issue.message;
  }
}

function problemAt(
  root: unknown,
  path: Segments,
  file: string | undefined,
  expected: string,
  issue?: Issue,
): Problem {
  const value = valueAt(root, path);
  const keyPath = formatKeyPath(path);
  const missing = value === undefined;
  let code = "invalid-type";
  if (missing) code = "missing-key";
  else if (issue?.code === "custom") code = "invalid-value";
  let message: string;
  // The key path is printed before the message, so a custom message does not repeat it.
  if (issue?.code === "custom") message = `${capitalize(issue.message)}.`;
  else if (missing) message = `Missing required key ${keyPath}.`;
  else message = `Invalid value ${quoteValue(value, path)} for ${keyPath || "the document"}.`;
  return {
    severity: "error",
    code,
    message,
    file,
    path: keyPath,
    ...positionOf(root, path),
    expected: issue?.code === "custom" ? undefined : expected,
    hint: issue?.code === "custom"
      ? customFix(issue) ?? `Correct ${keyPath || "the document"}.`
      : hintFor(path, value, expected),
  };
}

/** Returns the fix a schema rule gave its custom issue in `params.fix`. */
function customFix(issue: Issue): string | undefined {
  const fix = (issue as { params?: { fix?: unknown } }).params?.fix;
  return typeof fix === "string" ? fix : undefined;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function hintFor(path: Segments, value: unknown, expected: string): string {
  const keyPath = formatKeyPath(path);
  if (value === undefined) return `Add ${keyPath}.`;
  if (value === null) return `Give ${keyPath} a value, or remove the key.`;
  const isCommandEntry = path.length === 2 && (path[0] === "runcmd" || path[0] === "bootcmd");
  if (isCommandEntry && typeof value !== "object") {
    return `Quote ${keyPath} to run it as a shell command, or write it as a list of arguments.`;
  }
  return `Change ${keyPath} to ${expected}.`;
}
