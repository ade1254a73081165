/**
 * MIME header parsing: a header block with folded lines, and the
 * `type/subtype; name=value` form of `Content-Type` and `Content-Disposition`
 * with quoted values and RFC 2231 `name*=charset''value` parameters.
 */

/** Header fields of one MIME entity; names compare case-insensitively, the first field wins. */
export class MimeHeaders {
  readonly #fields: [string, string][];

  constructor(fields: [string, string][] = []) {
    this.#fields = fields;
  }

  /** Returns the value of the first field called `name`, or undefined. */
  get(name: string): string | undefined {
    const target = name.toLowerCase();
    return this.#fields.find(([field]) => field.toLowerCase() === target)?.[1];
  }

  /** Returns every field in order. */
  entries(): readonly [string, string][] {
    return this.#fields;
  }
}

const HEADER_LINE = /^([!-9;-~]+)[ \t]*:(.*)$/;

/**
 * Parses header lines (without the blank line that ends them). A line that
 * starts with whitespace continues the previous field; a leading Unix
 * `From ` envelope line is skipped, as Python's email parser does.
 * Returns undefined when a line is neither a field nor a continuation.
 */
export function parseHeaderLines(lines: readonly string[]): MimeHeaders | undefined {
  const fields: [string, string][] = [];
  for (const [index, line] of lines.entries()) {
    if (index === 0 && line.startsWith("From ")) continue;
    if ((line.startsWith(" ") || line.startsWith("\t")) && fields.length > 0) {
      const last = fields[fields.length - 1];
      last[1] = `${last[1]} ${line.trim()}`;
      continue;
    }
    const match = HEADER_LINE.exec(line);
    if (match === null) return undefined;
    fields.push([match[1], match[2].trim()]);
  }
  return new MimeHeaders(fields);
}

/** A structured header value: `text/plain; charset="utf-8"` → value `text/plain`, params. */
export interface StructuredHeader {
  /** The value before the first `;`, lower-cased. */
  value: string;
  /** Parameters with lower-cased names and unquoted values. */
  params: Record<string, string>;
}

/** Parses a structured header such as `Content-Type` or `Content-Disposition`. */
export function parseStructuredHeader(text: string): StructuredHeader {
  const [head, ...rest] = splitOutsideQuotes(text, ";");
  const params: Record<string, string> = {};
  for (const piece of rest) {
    const equals = piece.indexOf("=");
    if (equals === -1) continue;
    const name = piece.slice(0, equals).trim().toLowerCase();
    const raw = unquote(piece.slice(equals + 1).trim());
    if (name.endsWith("*")) {
      params[name.slice(0, -1)] = decodeExtendedValue(raw);
    } else if (!(name in params)) {
      params[name] = raw;
    }
  }
  return { value: head.trim().toLowerCase(), params };
}

function splitOutsideQuotes(text: string, separator: string): string[] {
  const pieces: string[] = [];
  let current = "";
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char === "\\" && quoted && index + 1 < text.length) {
      current += char + text[++index];
      continue;
    }
    if (char === '"') quoted = !quoted;
    if (char === separator && !quoted) {
      pieces.push(current);
      current = "";
      continue;
    }
    current += char;
  }
  pieces.push(current);
  return pieces;
}

function unquote(value: string): string {
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    return value.slice(1, -1).replace(/\\(.)/g, "$1");
  }
  return value;
}

/** Decodes an RFC 2231 value `charset'language'percent-encoded`; unknown charsets stay as text. */
function decodeExtendedValue(value: string): string {
  const match = /^([^']*)'[^']*'(.*)$/.exec(value);
  if (match === null) return value;
  try {
    return decodeURIComponent(match[2]);
  } catch {
    return match[2];
  }
}
