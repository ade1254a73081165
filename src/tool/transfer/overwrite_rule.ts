/** The rule that decides whether a transfer may write to a target path. */

import { OperationError } from "../../errors.ts";

/** Kind of the entry already at a target path, or undefined when there is none. */
export type ExistingKind = "file" | "directory" | "other" | undefined;

/** Action on a file target: create a new file, or replace an existing one. */
export type TargetAction = "create" | "replace";

/**
 * Decides how to write a file to `target`. Throws an OperationError naming the
 * target when a file exists and `overwrite` is off, and when a directory or
 * another non-file is in the way (even with `overwrite`, which replaces files only).
 */
export function decideFileTarget(
  target: string,
  existing: ExistingKind,
  overwrite: boolean,
): TargetAction {
  switch (existing) {
    case undefined:
      return "create";
    case "file":
      if (overwrite) return "replace";
      throw new OperationError(
        `Cannot write "${target}": the file already exists. Pass --overwrite to replace it.`,
      );
    case "directory":
      throw new OperationError(
        `Cannot write the file "${target}": a directory with that name is in the way. ` +
          `Remove it or choose another target.`,
      );
    case "other":
      throw new OperationError(
        `Cannot write "${target}": it exists and is not a regular file. ` +
          `Remove it or choose another target.`,
      );
  }
}

/**
 * Checks that `target` can hold a directory: absent (it is created) or a
 * directory already. Throws an OperationError naming the target when a file
 * or another non-directory is in the way.
 */
export function checkDirectoryTarget(target: string, existing: ExistingKind): "create" | "reuse" {
  if (existing === undefined) return "create";
  if (existing === "directory") return "reuse";
  throw new OperationError(
    `Cannot create the directory "${target}": a ${
      existing === "file" ? "file" : "non-directory"
    } with that name is in the way. Remove it or choose another target.`,
  );
}
