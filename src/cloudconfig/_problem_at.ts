/**
 * Builds a problem placed at a key path of a loaded document.
 */

import { formatKeyPath, type Problem } from "./problem.ts";
import { positionOf, type Segments } from "./_locate.ts";

/** The parts of a problem a check chooses; the rest comes from the key path. */
export type ProblemFields = Omit<Problem, "path" | "line" | "column" | "file">;

/** Returns `fields` with the key path, and the file, line and column recorded for that path in `root`. */
export function problemAt(
  root: unknown,
  path: Segments,
  fields: ProblemFields,
  file?: string,
): Problem {
  return { ...fields, file, path: formatKeyPath(path), ...positionOf(root, path) };
}
