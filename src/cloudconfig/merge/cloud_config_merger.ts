/** Merging the cloud-config parts of one user-data or vendor-data stream. */

import { getLogger } from "../../log/logging.ts";
import type { SourceLocation } from "../../errors.ts";
import type { Problem } from "../problem.ts";
import { describeType, isMapping } from "./_python_values.ts";
import { PART_DEFAULT_DIRECTIVE } from "./default_directives.ts";
import { extractMergeDirectives } from "./extract_merge_directives.ts";
import { MergeError } from "./merge_error.ts";
import { MergerChain } from "./merger_chain.ts";
import { parseMergeString } from "./parse_merge_string.ts";

/** Options of {@linkcode CloudConfigMerger}. */
export interface CloudConfigMergerOptions {
  /** Receives a problem for every part left out and every directive option that has no effect. */
  warnings?: Problem[];
}

/** Options of {@linkcode CloudConfigMerger.add} for one part. */
export interface AddPartOptions {
  /** The part's `Merge-Type` (or `X-Merge-Type`) MIME header; see `findMergeTypeHeader`. */
  headerMergeType?: string;
  /** Name of the part (file name or MIME part name) for problems and logs. */
  file?: string;
}

const logger = getLogger("cloudconfig", "merge");

/**
 * Combines cloud-config parts in order, as cloud-init's cloud-config part
 * handler does. The merged config starts empty. Each part is merged into it
 * with the mergers of its own `merge_how`/`merge_type` followed by those of
 * its `Merge-Type` header. Where both name the same merger, the part's own
 * wins. A part with neither uses `dict(replace)+list()+str()`. The part's
 * `merge_how` (or, without one, its `merge_type`) does not appear in the
 * result. A part whose directive cannot be read or whose values cannot be
 * combined is left out with a warning, and the parts after it still merge.
 */
export class CloudConfigMerger {
  #merged: Record<string, unknown> = {};
  readonly #warnings: Problem[] | undefined;

  /** Creates a merger with an empty merged config. */
  constructor(options: CloudConfigMergerOptions = {}) {
    this.#warnings = options.warnings;
  }

  /** Merges one part into the config; the document itself is not changed. */
  add(document: Record<string, unknown>, options: AddPartOptions = {}): void {
    try {
      this.#merged = this.#merge(document, options);
      logger.debug("Merged cloud-config part {file}.", { file: options.file ?? "?" });
    } catch (error) {
      if (!(error instanceof MergeError)) throw error;
      const message = `${error.message} The part was left out.`;
      this.#report("merge-part-skipped", message, error.hint, error.location, options);
      logger.warn("Left out cloud-config part {file}: {message}", {
        file: options.file ?? "?",
        message: error.message,
      });
    }
  }

  /**
   * Returns the merged config. Later `add` calls build a new object and do
   * not change one returned earlier. Nested values are shared with the
   * documents passed to `add`, so treat them as read-only.
   */
  result(): Record<string, unknown> {
    return this.#merged;
  }

  #merge(document: unknown, options: AddPartOptions): Record<string, unknown> {
    if (!isMapping(document)) {
      throw new MergeError(
        `Cannot merge a cloud-config part that is ${describeType(document)}: ` +
          "expected a mapping of keys.",
        "Start the part with #cloud-config and write it as key: value lines.",
      );
    }

    const { config, specs, origin } = extractMergeDirectives(document);
    const headerSpecs = parseMergeString(options.headerMergeType ?? "");
    let allSpecs = [...specs, ...headerSpecs];
    if (allSpecs.length === 0) allSpecs = parseMergeString(PART_DEFAULT_DIRECTIVE);

    // Only an entry of the part's own directive has a line to point at.
    const chain = new MergerChain(allSpecs, (message, hint, spec) => {
      const location = specs.includes(spec) ? origin : undefined;
      this.#report("merge-option-ignored", message, hint, location ?? {}, options);
    });
    logger.debug("Merging cloud-config part {file} with {directive}.", {
      file: options.file ?? "?",
      directive: chain.toString(),
    });
    return chain.merge(this.#merged, config) as Record<string, unknown>;
  }

  #report(
    code: string,
    message: string,
    hint: string,
    location: SourceLocation,
    options: AddPartOptions,
  ): void {
    this.#warnings?.push({
      severity: "warning",
      code,
      message,
      file: options.file ?? location.file,
      line: location.line,
      column: location.column,
      hint,
    });
  }
}
