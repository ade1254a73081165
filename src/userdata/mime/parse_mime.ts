/**
 * A MIME parser for user-data: recognises a MIME message the way cloud-init
 * does (a header block at the start naming `MIME-Version` or `Content-Type`),
 * splits nested multipart bodies and undoes each leaf's transfer encoding.
 * It works on bytes, so 8bit and binary parts keep every byte.
 */

import type { Problem } from "../../cloudconfig/problem.ts";
import { bytesToBinaryString } from "../_bytes.ts";
import { MimeHeaders, parseHeaderLines, parseStructuredHeader } from "./headers.ts";
import { decodeTransferEncoding } from "./transfer_encoding.ts";

/** One MIME entity: a leaf with its decoded body, or a multipart container with its parts. */
export interface MimeEntity {
  headers: MimeHeaders;
  /** Lower-cased `type/subtype`; `text/plain` when the header is absent or malformed. */
  contentType: string;
  /** `filename=` of `Content-Disposition`, else `name=` of `Content-Type`. */
  filename?: string;
  /** Body after transfer decoding; empty for a multipart container. */
  body: Uint8Array;
  /** Parts of a multipart container, in message order. */
  parts?: MimeEntity[];
}

/** Context of one parse: the payload name for warnings and the nesting limit. */
export interface MimeParseContext {
  name: string;
  /** Nesting depth of the message being parsed; each nested multipart adds one. */
  depth: number;
  maxDepth: number;
  warnings: Problem[];
}

const SNIFF_BYTES = 4096;

/**
 * Returns whether `bytes` starts with a MIME header block: lines that are all
 * header fields, including `MIME-Version` or `Content-Type`, ended by a
 * blank line within the first 4096 bytes (or by the end of the data).
 */
export function looksLikeMime(bytes: Uint8Array): boolean {
  const sample = bytesToBinaryString(bytes.subarray(0, SNIFF_BYTES));
  const blank = /\r?\n\r?\n/.exec(sample);
  if (blank === null && bytes.length > SNIFF_BYTES) return false;

  const block = blank === null ? sample.replace(/\r?\n$/, "") : sample.slice(0, blank.index);
  if (block.trim() === "") return false;
  const headers = parseHeaderLines(block.split(/\r?\n/));
  if (headers === undefined) return false;
  return headers.get("mime-version") !== undefined || headers.get("content-type") !== undefined;
}

/** Parses a MIME message into its entity tree. Problems with the structure become warnings. */
export function parseMimeMessage(bytes: Uint8Array, context: MimeParseContext): MimeEntity {
  return parseEntity(bytesToBinaryString(bytes), context, context.depth);
}

function parseEntity(text: string, context: MimeParseContext, depth: number): MimeEntity {
  const { headers, body } = splitHeaders(text);
  const contentTypeHeader = parseStructuredHeader(headers.get("content-type") ?? "text/plain");
  const contentType = /^[^/\s]+\/[^/\s]+$/.test(contentTypeHeader.value)
    ? contentTypeHeader.value
    : "text/plain";
  const disposition = parseStructuredHeader(headers.get("content-disposition") ?? "");
  const filename = disposition.params["filename"] ?? contentTypeHeader.params["name"];
  const entity: MimeEntity = { headers, contentType, body: new Uint8Array(), filename };

  if (!contentType.startsWith("multipart/")) {
    entity.body = decodeTransferEncoding(body, headers.get("content-transfer-encoding"));
    return entity;
  }

  const boundary = contentTypeHeader.params["boundary"];
  if (boundary === undefined || boundary === "") {
    warn(
      context,
      "mime-boundary-missing",
      `The ${contentType} part has no boundary parameter, so its parts are skipped.`,
      'Add boundary="..." to its Content-Type header.',
    );
    entity.parts = [];
    return entity;
  }
  if (depth + 1 > context.maxDepth) {
    warn(
      context,
      "max-depth-exceeded",
      `The ${contentType} part nests deeper than ${context.maxDepth} levels, so its parts are skipped.`,
      "Flatten the message or raise userData.maxRecursionDepth in the settings.",
    );
    entity.parts = [];
    return entity;
  }

  const split = splitMultipart(body, boundary);
  if (!split.found) {
    warn(
      context,
      "mime-boundary-not-found",
      `The boundary "${boundary}" of the ${contentType} part never appears in its body, so the message has no parts.`,
      "Check that each part starts with a line --BOUNDARY.",
    );
  }
  entity.parts = split.parts.map((part) => parseEntity(part, context, depth + 1));
  return entity;
}

function splitHeaders(text: string): { headers: MimeHeaders; body: string } {
  const blank = /\r?\n\r?\n/.exec(text);
  if (/^\r?\n/.test(text)) return { headers: new MimeHeaders(), body: text.replace(/^\r?\n/, "") };

  const block = blank === null ? text : text.slice(0, blank.index);
  const headers = parseHeaderLines(block.split(/\r?\n/));
  if (headers === undefined) return { headers: new MimeHeaders(), body: text };
  const body = blank === null ? "" : text.slice(blank.index + blank[0].length);
  return { headers, body };
}

/**
 * Splits a multipart body at its delimiter lines. The preamble and epilogue
 * are dropped; without a closing delimiter the last part runs to the end.
 */
function splitMultipart(body: string, boundary: string): { parts: string[]; found: boolean } {
  const delimiter = `--${boundary}`;
  const parts: string[] = [];
  let partStart = -1;
  let position = 0;
  let found = false;

  while (position <= body.length) {
    const index = body.indexOf(delimiter, position);
    if (index === -1) break;

    const lineEnd = body.indexOf("\n", index);
    const rest = body.slice(index + delimiter.length, lineEnd === -1 ? body.length : lineEnd);
    const atLineStart = index === 0 || body[index - 1] === "\n";
    const closing = rest.startsWith("--");
    if (!atLineStart || (!closing && rest.trim() !== "")) {
      position = index + 1;
      continue;
    }

    if (partStart !== -1) parts.push(withoutFinalLineBreak(body.slice(partStart, index)));
    found = true;
    if (closing) return { parts, found };
    partStart = lineEnd === -1 ? body.length : lineEnd + 1;
    position = partStart;
  }

  if (partStart !== -1) parts.push(body.slice(partStart));
  return { parts, found };
}

function withoutFinalLineBreak(text: string): string {
  if (text.endsWith("\r\n")) return text.slice(0, -2);
  if (text.endsWith("\n")) return text.slice(0, -1);
  return text;
}

function warn(context: MimeParseContext, code: string, message: string, hint: string): void {
  context.warnings.push({ severity: "warning", code, message, hint, file: context.name });
}
