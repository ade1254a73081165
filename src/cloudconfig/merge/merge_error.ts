/** The error raised when cloud-config parts cannot be merged. */

import { InputError, type SourceLocation } from "../../errors.ts";

/**
 * Reports a merge directive cloud-init cannot use (`merge_how: "list[append]"`,
 * an unknown merger name) or two values its mergers cannot combine (appending
 * a number to a list). cloud-init logs such a part and leaves it out of the
 * merged config; `CloudConfigMerger` does the same, `mergeManyDicts` throws.
 */
export class MergeError extends InputError {
  /** The change that makes the merge work, as a full sentence. */
  readonly hint: string;

  /** Creates the error; `message` and `hint` are full sentences. */
  constructor(
    message: string,
    hint: string,
    location: SourceLocation = {},
    options?: ErrorOptions,
  ) {
    super(message, location, options);
    this.hint = hint;
  }

  /** Returns a copy that also names where the directive or part was written. */
  withLocation(location: SourceLocation): MergeError {
    const merged: SourceLocation = this.location.line === undefined
      ? location
      : { ...this.location, file: this.location.file ?? location.file };
    return new MergeError(this.message, this.hint, merged, { cause: this.cause });
  }
}
