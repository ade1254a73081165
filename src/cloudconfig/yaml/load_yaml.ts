/**
 * Loads user-data YAML the way cloud-init does, with PyYAML's `safe_load`
 * (YAML 1.1). The `yaml` package parses the text into a syntax tree. Our own
 * constructor then builds the values, because PyYAML's YAML 1.1 resolution
 * (`yes` is true, `y` is a string, `0644` is 420, `1e3` is a string) differs
 * from every schema the package offers.
 */

import { LineCounter, parseAllDocuments, type YAMLError } from "yaml";
import type { Problem } from "../problem.ts";
import { DocumentConstructor } from "./construct_document.ts";
import { YamlSyntaxError } from "./yaml_error.ts";

/** Options for loadYaml. */
export interface LoadYamlOptions {
  /** File name (or multipart part name) used in error messages and origins. */
  file?: string;
  /** Receives warnings, such as `duplicate-key`, that do not stop loading. */
  warnings?: Problem[];
}

// Characters PyYAML's reader rejects anywhere in the stream: the pattern lists
// the allowed ones, so the control characters in it are intended.
// deno-lint-ignore no-control-regex
const NON_PRINTABLE = /[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

// Hints for the parse errors users make most, keyed by the `yaml` package's error codes.
const HINTS: Record<string, string> = {
  TAB_AS_INDENT: "Indent with spaces; YAML does not allow tabs for indentation.",
  BAD_INDENT: "Align this line with the other entries of the same mapping or list.",
  MISSING_CHAR: "Add the missing closing quote or bracket.",
  MULTILINE_IMPLICIT_KEY: "Put the whole key on one line and follow it with `: `.",
  BLOCK_AS_IMPLICIT_KEY:
    "Put a nested mapping or list on its own lines, indented under its key, and quote values that contain `: `.",
  UNEXPECTED_TOKEN:
    "Check the indentation and quote the value if it contains `: `, ` #` or starts with a special character.",
  BAD_SCALAR_START: "Quote the value: a plain value cannot start with `@` or a backquote.",
  BAD_DQ_ESCAPE: 'Use a valid escape such as \\n or \\", or switch to single quotes.',
};
const DEFAULT_HINT =
  "Fix the YAML syntax at this position; quote values that contain special characters.";

function hintFor(error: YAMLError): string {
  // An unclosed `[` or `{` shows up as an indentation error on the next line.
  if (/end with a \]/.test(error.message)) {
    return "Close the list with `]`, or indent its continuation lines further than its key.";
  }
  if (/end with a \}/.test(error.message)) {
    return "Close the mapping with `}`, or indent its continuation lines further than its key.";
  }
  if (/Comments must be separated/.test(error.message)) {
    return "Put a space before `#`, or quote the value if the `#` belongs to it.";
  }
  if (/Tags and anchors must be separated/.test(error.message)) {
    return "Put a space after the tag or anchor.";
  }
  return HINTS[error.code] ?? DEFAULT_HINT;
}

/**
 * Parses one YAML document as PyYAML's SafeLoader would and returns its value.
 *
 * Mappings become plain objects whose keys are Python's `str()` of the YAML
 * key (`1`, `True`, `None`, `1.5`), and sequences become arrays. Scalars
 * become `null`, booleans, numbers (integers outside the safe range as
 * `bigint`), strings, `Uint8Array` for `!!binary` and `Date` for timestamps.
 * A naive timestamp is read as UTC, and its Python fields stay attached for
 * formatting. `!!set` becomes an array of its keys, and `!!omap` and
 * `!!pairs` become arrays of `[key, value]`. An aliased node is the same
 * object at every use, as in PyYAML. The position of every value is recorded
 * and can be read with `originOf`. An empty document is `null`.
 *
 * Throws YamlSyntaxError, with a 1-based line and column, for invalid YAML,
 * an unknown tag, a value that does not fit its tag, and an undefined,
 * duplicate or recursive alias or anchor. It also throws when aliases expand
 * beyond MAX_ALIAS_EXPANSION nodes, and for a second document in the stream,
 * which `safe_load` rejects too.
 */
export function loadYaml(text: string, options: LoadYamlOptions = {}): unknown {
  const file = options.file;
  const withoutBom = text.startsWith("\uFEFF") ? text.slice(1) : text;
  rejectNonPrintable(withoutBom, file);
  // PyYAML reads CR LF and a lone CR as line breaks, so scalars never contain them.
  const normalized = withoutBom.replace(/\r\n?/g, "\n");

  const lineCounter = new LineCounter();
  const documents = parseStream(normalized, lineCounter, file);
  if (documents.length === 0) return null;

  // PyYAML finishes parsing the first document before it looks for a second one.
  const [document] = documents;
  const [firstError] = document.errors;
  if (firstError !== undefined) throw toSyntaxError(firstError, lineCounter, file);
  if (documents.length > 1) {
    const position = lineCounter.linePos(documents[1].range[0]);
    throw new YamlSyntaxError(
      "Found a second YAML document (a `---` line after the first document); cloud-init reads exactly one.",
      { file, line: position.line, column: position.col },
      "Remove the `---` line and merge the documents, or send them as separate MIME parts.",
    );
  }

  const constructor = new DocumentConstructor({
    text: normalized,
    lineCounter,
    file,
    warnings: options.warnings,
  });
  return constructor.construct(document.contents);
}

function parseStream(text: string, lineCounter: LineCounter, file: string | undefined) {
  // NOTE: the `yaml` package (2.9.1) reads the LOG_TOKENS and LOG_STREAM
  // environment variables while parsing, so a process without env permission
  // for them gets Deno's NotCapable error here instead of a value.
  try {
    return parseAllDocuments(text, {
      lineCounter,
      version: "1.1",
      // The failsafe schema leaves every scalar a string; our constructor resolves tags.
      schema: "failsafe",
      uniqueKeys: false,
      merge: false,
      strict: true,
      prettyErrors: true,
    });
  } catch (error) {
    // A stack overflow outside the parser's own error handling ends up here.
    if (!(error instanceof RangeError)) throw error;
    throw new YamlSyntaxError(
      "The document is nested too deeply to parse.",
      { file, line: 1, column: 1 },
      "Flatten the structure.",
    );
  }
}

function toSyntaxError(
  error: YAMLError,
  lineCounter: LineCounter,
  file: string | undefined,
): YamlSyntaxError {
  const position = error.linePos?.[0] ?? lineCounter.linePos(error.pos[0]);
  // The parser recurses per nesting level and reports a stack overflow as a parse error.
  if (/Maximum call stack size exceeded/.test(error.message)) {
    return new YamlSyntaxError(
      "The document is nested too deeply to parse.",
      { file, line: position.line, column: position.col },
      "Flatten the structure.",
      { cause: error },
    );
  }
  const problem = error.message.replace(/ at line \d+, column \d+:?[\s\S]*$/, "").trim();
  const sentence = /[.!?]$/.test(problem) ? problem : `${problem}.`;
  return new YamlSyntaxError(
    `Invalid YAML: ${sentence}`,
    { file, line: position.line, column: position.col },
    hintFor(error),
    { cause: error },
  );
}

function rejectNonPrintable(text: string, file: string | undefined): void {
  const match = NON_PRINTABLE.exec(text);
  if (match === null) return;
  const before = text.slice(0, match.index);
  const lines = before.split(/\r\n|\r|\n/);
  const codePoint = match[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");
  throw new YamlSyntaxError(
    `Invalid character U+${codePoint}: YAML does not allow control characters or unpaired surrogates.`,
    { file, line: lines.length, column: lines[lines.length - 1].length + 1 },
    "Remove the character, or write it as an escape such as \\x00 inside a double-quoted string.",
  );
}
