/** Merging the cloud-config parts of one user-data or vendor-data stream. */

import { getLogger } from "../../log/logging.ts";
import type { SourceLocation } from "../../errors.ts";
import type { Problem } from "../problem.ts";
import { describeType, isMapping } from "./_python_values.ts";
import { PART_DEFAULT_DIRECTIVE } from "./default_directives.ts";
import { extractMergeDirectives } from "./extract_merge_directives.ts";
import { applyJsonPatch } from "./json_patch.ts";
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

const JSONP_PREFIX = "#cloud-config-jsonp";

// The characters Python's str.lstrip() removes; unlike JavaScript's trim(),
// they do not include the byte order mark. The separators \x1c-\x1f count as
// whitespace in Python, so the control characters are intended.
const PYTHON_LEADING_SPACE =
  // deno-lint-ignore no-control-regex
  /^[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

/**
 * Combines cloud-config parts in order, as cloud-init's cloud-config part
 * handler does. The merged config starts empty. Each part is merged into it
 * with the mergers of its own `merge_how`/`merge_type` followed by those of
 * its `Merge-Type` header. Where both name the same merger, the part's own
 * wins. A part with neither uses `dict(replace)+list()+str()`. The part's
 * `merge_how` (or, without one, its `merge_type`) does not appear in the
 * result. A part whose directive cannot be read or whose values cannot be
 * combined is left out with a warning, and the parts after it still merge.
 * `#cloud-config-jsonp` parts go to `addJsonPatch` instead.
 */
export class CloudConfigMerger {
  // Not always a mapping: a patch may replace the root, as cloud-init allows.
  #merged: unknown = {};
  readonly #warnings: Problem[] | undefined;

  /** Creates a merger with an empty merged config. */
  constructor(options: CloudConfigMergerOptions = {}) {
    this.#warnings = options.warnings;
  }

  /** Merges one part into the config; the document itself is not changed. */
  add(document: Record<string, unknown>, options: AddPartOptions = {}): void {
    this.#apply(() => this.#merge(document, options), options);
  }

  /**
   * Applies a `#cloud-config-jsonp` part: its text, with or without that
   * first line, is a JSON Patch (RFC 6902) that changes the config merged so
   * far. A patch that is not valid JSON, names a missing path or fails a
   * `test` is left out with a warning, as cloud-init does.
   */
  addJsonPatch(text: string, options: Pick<AddPartOptions, "file"> = {}): void {
    this.#apply(() => this.#patch(text), options);
  }

  /**
   * Returns the merged config. Later `add` calls build a new object and do
   * not change one returned earlier. Nested values are shared with the
   * documents passed to `add`, so treat them as read-only. When a patch left
   * the config something other than a mapping, this is an empty mapping,
   * because cloud-init reads such a config as empty.
   */
  result(): Record<string, unknown> {
    return isMapping(this.#merged) ? this.#merged : {};
  }

  #apply(step: () => unknown, options: AddPartOptions): void {
    try {
      this.#merged = step();
      logger.debug("Merged cloud-config part {file}.", { file: options.file ?? "?" });
      if (!isMapping(this.#merged)) this.#reportNotMapping(options);
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

  #reportNotMapping(options: AddPartOptions): void {
    const message = `After this part the merged config is ${describeType(this.#merged)}, ` +
      "which cloud-init reads as an empty config.";
    const hint = "Patch keys inside the config instead of replacing the root path.";
    this.#report("merge-config-not-mapping", message, hint, {}, options);
    logger.warn("Cloud-config part {file} left the merged config not a mapping.", {
      file: options.file ?? "?",
    });
  }

  #patch(text: string): unknown {
    let body = text.replace(PYTHON_LEADING_SPACE, "");
    if (body.startsWith(JSONP_PREFIX)) body = body.slice(JSONP_PREFIX.length);

    // NOTE: Python's json module also reads NaN and Infinity, and jsonpatch
    // turns a key repeated in one object into a list of its values. JSON.parse
    // rejects the first and keeps the last value of a repeated key.
    let patch: unknown;
    try {
      patch = JSON.parse(body);
    } catch (error) {
      throw new MergeError(
        `Cannot apply the #cloud-config-jsonp patch: it is not valid JSON (${
          (error as Error).message
        }).`,
        'Write the patch as a JSON list of operations, such as [{"op": "add", "path": "/a", "value": 1}].',
      );
    }

    return applyJsonPatch(this.#merged, patch);
  }

  #merge(document: unknown, options: AddPartOptions): unknown {
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
    return chain.merge(this.#merged, config);
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
