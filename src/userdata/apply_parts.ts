/**
 * The part handlers: cloud-config parts are loaded and merged in message
 * order, scripts and boothooks are collected, jinja templates are rendered
 * and handled as what they render to, everything else becomes a warning.
 */

import { loadCloudConfig, NotAMappingError } from "../cloudconfig/load.ts";
import { CloudConfigMerger } from "../cloudconfig/merge/cloud_config_merger.ts";
import type { Problem } from "../cloudconfig/problem.ts";
import { InputError } from "../errors.ts";
import { getLogger } from "../log/logging.ts";
import { encodeUtf8, normalizeLineEndings } from "./_bytes.ts";
import type { CollectedPart } from "./_context.ts";
import { ContentType, SCRIPT_TYPES } from "./content_types.ts";
import { chooseInterpreter } from "./interpreter.ts";
import type * as Jinja from "./jinja.ts";
import { contentTypeFromFirstLine, withoutFirstLine } from "./markers.ts";
import type { Boothook, Script } from "./types.ts";
import { unhandledPartWarning } from "./unhandled_part.ts";

/** Inputs of {@linkcode applyParts}. */
export interface ApplyOptions {
  /** Instance data for jinja templates; templates stay unrendered without it. */
  instanceData?: Record<string, unknown>;
  /**
   * The template engine, which the caller loads only when a part is a jinja
   * template, so user-data without templates never loads nunjucks.
   */
  jinja?: typeof Jinja;
  /** This machine's launch index; parts for another index are dropped when it is set. */
  launchIndex?: number;
  warnings: Problem[];
}

/** Output of the handlers for one list of parts. */
export interface AppliedParts {
  cloudConfig: Record<string, unknown>;
  scripts: Script[];
  boothooks: Boothook[];
}

/** Runs every part through its handler, in order. */
export function applyParts(parts: readonly CollectedPart[], options: ApplyOptions): AppliedParts {
  const merger = new CloudConfigMerger({ warnings: options.warnings });
  const scripts = new Map<string, Script>();
  const boothooks: Boothook[] = [];

  for (const part of parts) {
    const handled = resolveTemplate(part, options);
    if (handled === undefined) continue;

    if (handled.contentType === ContentType.cloudConfig) {
      const document = loadPart(handled, part, options);
      if (document === undefined) continue;
      if (!matchesLaunchIndex(handled, document, options)) continue;
      merger.add(document, { headerMergeType: mergeTypeHeader(handled), file: handled.label });
      continue;
    }

    if (handled.contentType === ContentType.cloudConfigJsonp && handled.text !== undefined) {
      if (!matchesLaunchIndex(handled, undefined, options)) continue;
      merger.addJsonPatch(normalizeLineEndings(handled.text), { file: handled.label });
      continue;
    }

    if (!matchesLaunchIndex(handled, undefined, options)) continue;
    if (handled.contentType in SCRIPT_TYPES) {
      addScript(scripts, toScript(handled), options.warnings);
    } else if (handled.contentType === ContentType.boothook) {
      boothooks.push(toBoothook(handled));
    } else {
      options.warnings.push(unhandledPartWarning(handled));
    }
  }
  return { cloudConfig: merger.result(), scripts: [...scripts.values()], boothooks };
}

/**
 * Returns the part's merge directive header. Header names are matched without
 * regard to case, as MIME defines them; an empty `Merge-Type` falls back to
 * `X-Merge-Type`, as in cloud-init.
 */
function mergeTypeHeader(part: CollectedPart): string | undefined {
  for (const name of ["merge-type", "x-merge-type"]) {
    const value = part.headers.get(name);
    if (value !== undefined && value !== "") return value;
  }
  return undefined;
}

/**
 * Renders a jinja part and re-classifies it by its rendered first line.
 * Without instance data the header line is dropped, the body is handled
 * unrendered and a warning is added.
 */
function resolveTemplate(part: CollectedPart, options: ApplyOptions): CollectedPart | undefined {
  if (part.contentType !== ContentType.jinja) return part;
  const jinja = options.jinja;
  if (jinja === undefined) throw new Error(`No jinja engine was loaded for ${part.label}.`);
  const template = withoutFirstLine(normalizeLineEndings(part.text ?? ""));

  let text = template;
  if (options.instanceData === undefined) {
    const syntaxError = jinja.jinjaSyntaxError(template);
    options.warnings.push(
      syntaxError === undefined
        ? {
          severity: "warning",
          code: "jinja-not-rendered",
          message: "The jinja template is used unrendered because no instance data was given.",
          file: part.label,
          hint: "See it rendered with egs-service render --instance-data FILE.",
        }
        : {
          severity: "error",
          code: "jinja-syntax",
          message: `The jinja template cannot be compiled: ${syntaxError}.`,
          file: part.label,
          hint: "Fix the template syntax.",
        },
    );
  } else {
    text = jinja.renderJinja(template, options.instanceData, part.label);
  }

  const contentType = contentTypeFromFirstLine(text);
  const supported = contentType === ContentType.cloudConfig ||
    contentType === ContentType.boothook ||
    contentType === ContentType.shellScript;
  if (contentType === undefined || !supported) {
    options.warnings.push({
      severity: "warning",
      code: "jinja-unsupported-content",
      message: `The rendered jinja template is ${
        contentType ?? "of unknown type"
      }, so it is skipped.`,
      file: part.label,
      hint: "Start the template body with #cloud-config, #! or #cloud-boothook.",
    });
    return undefined;
  }
  return { ...part, contentType, text, body: encodeUtf8(text) };
}

/**
 * Loads a cloud-config part. When the part is a jinja template used
 * unrendered, its placeholders may not be valid YAML, so a parse error
 * becomes a warning and the part is skipped.
 */
function loadPart(
  part: CollectedPart,
  original: CollectedPart,
  options: ApplyOptions,
): Record<string, unknown> | undefined {
  if (part.text === undefined) {
    throw new InputError(
      `Cannot read the cloud-config in ${part.label}: it is not valid UTF-8. Save it as UTF-8.`,
      { file: part.label },
    );
  }
  const unrendered = original.contentType === ContentType.jinja &&
    options.instanceData === undefined;
  try {
    return loadCloudConfig(normalizeLineEndings(part.text), {
      file: part.label,
      warnings: options.warnings,
    });
  } catch (error) {
    if (part.nested && error instanceof NotAMappingError) {
      // cloud-init logs and skips such a part of a multipart message or
      // archive; a whole user-data file that is not a mapping stays an error.
      options.warnings.push({
        severity: "warning",
        code: "cloud-config-not-mapping",
        message: `${error.message} The part is skipped.`,
        file: part.label,
        hint: "Give the part a type other than text/cloud-config, or write it as a mapping.",
      });
      return undefined;
    }
    if (!unrendered || !(error instanceof InputError)) throw error;
    options.warnings.push({
      severity: "warning",
      code: "jinja-unrendered-invalid",
      message:
        `The unrendered jinja template is not valid YAML (${error.message}), so it is skipped.`,
      file: part.label,
      hint: "See it rendered with egs-service render --instance-data FILE.",
    });
    return undefined;
  }
}

/**
 * Returns whether a part is meant for this machine. The `Launch-Index`
 * header wins; a cloud-config part may name its index in `launch-index`.
 */
function matchesLaunchIndex(
  part: CollectedPart,
  document: Record<string, unknown> | undefined,
  options: ApplyOptions,
): boolean {
  if (options.launchIndex === undefined) return true;
  const header = parseIndex(part.headers.get("launch-index"));
  const index = header ?? parseIndex(document?.["launch-index"]);
  if (index === undefined || index === options.launchIndex) return true;

  getLogger("userdata").debug("Dropping part {name} for launch index {index}.", {
    name: part.name,
    index,
  });
  return false;
}

function parseIndex(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isInteger(value)) return value;
  if (typeof value === "string" && /^\s*-?\d+\s*$/.test(value)) return Number(value);
  return undefined;
}

function textBody(part: CollectedPart): { text: string | undefined; content: Uint8Array } {
  if (part.text === undefined) return { text: undefined, content: part.body };
  const text = normalizeLineEndings(part.text);
  return { text, content: encodeUtf8(text) };
}

function toScript(part: CollectedPart): Script {
  const { text, content } = textBody(part);
  return {
    name: part.name,
    content,
    interpreter: chooseInterpreter(part.namedByUser ? part.name : undefined, text),
    frequency: SCRIPT_TYPES[part.contentType],
    contentType: part.contentType,
    source: part.source,
  };
}

function toBoothook(part: CollectedPart): Boothook {
  const { text, content } = textBody(part);
  const body = text === undefined
    ? undefined
    : text.trimStart().replace(/^#cloud-boothook[^\n]*\n?/i, "").trimStart();
  return {
    name: part.name,
    content: body === undefined ? content : encodeUtf8(body),
    interpreter: chooseInterpreter(part.namedByUser ? part.name : undefined, body),
    source: part.source,
  };
}

/** Adds a script; a later script with the same name replaces the earlier one, as in cloud-init. */
function addScript(scripts: Map<string, Script>, script: Script, warnings: Problem[]): void {
  if (scripts.has(script.name)) {
    warnings.push({
      severity: "warning",
      code: "duplicate-script-name",
      message: `Two scripts are named "${script.name}"; the later one replaces the earlier one.`,
      file: script.name,
      hint: "Give each script part its own filename.",
    });
    scripts.delete(script.name);
  }
  scripts.set(script.name, script);
}
