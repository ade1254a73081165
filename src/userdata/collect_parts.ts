/**
 * Collection: turns payload bytes into a flat, ordered list of classified
 * parts, expanding MIME multipart messages, gzip layers, `#include` URLs and
 * cloud-config archives, as cloud-init's `UserDataProcessor` does.
 */

import { rejectUtf16, stripUtf8Bom } from "./decode.ts";
import { tryDecodeUtf8 } from "./_bytes.ts";
import { archiveToLeaves } from "./_archive.ts";
import { type CollectContext, type Leaf, warn } from "./_context.ts";
import { fetchInclude, parseIncludeUrl } from "./_include.ts";
import { redactUrl } from "./fetcher.ts";
import { ContentType, GZIP_TYPES, SNIFFED_TYPES } from "./content_types.ts";
import { gunzipLimited, isGzip } from "./gzip.ts";
import { parseIncludeLines } from "./include_lines.ts";
import { contentTypeFromFirstLine } from "./markers.ts";
import { MimeHeaders } from "./mime/headers.ts";
import { looksLikeMime, type MimeEntity, parseMimeMessage } from "./mime/parse_mime.ts";

/**
 * Collects the parts of one decoded payload into `context.parts`. `depth`
 * counts the includes and nested multiparts above this payload.
 */
export async function collectPayload(
  bytes: Uint8Array,
  context: CollectContext,
  depth: number,
): Promise<void> {
  if (!looksLikeMime(bytes)) {
    await collectLeaf(
      {
        declaredType: ContentType.notMultipart,
        filename: undefined,
        headers: new MimeHeaders(),
        body: bytes,
      },
      context,
      depth,
    );
    return;
  }

  const message = parseMimeMessage(bytes, {
    name: context.payloadName,
    depth,
    maxDepth: context.settings.userData.maxRecursionDepth,
    warnings: context.warnings,
  });
  await collectEntity(message, context, depth);
}

async function collectEntity(
  entity: MimeEntity,
  context: CollectContext,
  depth: number,
): Promise<void> {
  if (entity.parts !== undefined) {
    for (const part of entity.parts) await collectEntity(part, context, depth + 1);
    return;
  }
  const declaredType = entity.contentType;
  await collectLeaf(
    { declaredType, filename: entity.filename, headers: entity.headers, body: entity.body },
    context,
    depth,
  );
}

async function collectLeaf(leaf: Leaf, context: CollectContext, depth: number): Promise<void> {
  const label = leaf.filename ?? context.payloadName;
  let declared = leaf.declaredType;
  let body = leaf.body;

  if ((declared !== undefined && GZIP_TYPES.includes(declared)) || isGzip(body)) {
    try {
      body = gunzipLimited(body, context.settings.userData.fetchMaxBytes, label);
    } catch (error) {
      warn(context, label, "gzip-invalid", `${(error as Error).message} The part is skipped.`);
      return;
    }
    if (declared === undefined || GZIP_TYPES.includes(declared)) {
      declared = ContentType.notMultipart;
    }
    if (declared === ContentType.notMultipart && looksLikeMime(body)) {
      await collectNested(body, context, depth, label);
      return;
    }
  }

  body = stripUtf8Bom(body);
  rejectUtf16(body, label);
  const text = tryDecodeUtf8(body);

  let contentType = declared ?? ContentType.notMultipart;
  if (contentType === ContentType.notMultipart && text?.trim() === "") return;
  if (SNIFFED_TYPES.includes(contentType) && text !== undefined) {
    contentType = contentTypeFromFirstLine(text) ?? contentType;
  }

  if (contentType === ContentType.includeUrl || contentType === ContentType.includeOnceUrl) {
    await collectIncludes(
      text ?? "",
      contentType === ContentType.includeOnceUrl,
      label,
      context,
      depth,
    );
    return;
  }
  if (contentType === ContentType.cloudConfigArchive) {
    if (!checkDepth(context, label, depth)) return;
    for (const entry of archiveToLeaves(text ?? "", label, context)) {
      await collectLeaf(entry, context, depth + 1);
    }
    return;
  }
  attach({ ...leaf, body }, contentType, text, context, depth > 0);
}

async function collectNested(
  bytes: Uint8Array,
  context: CollectContext,
  depth: number,
  label: string,
): Promise<void> {
  if (!checkDepth(context, label, depth)) return;
  await collectPayload(bytes, context, depth + 1);
}

async function collectIncludes(
  text: string,
  onceByDefault: boolean,
  label: string,
  context: CollectContext,
  depth: number,
): Promise<void> {
  for (const entry of parseIncludeLines(text, onceByDefault)) {
    if (!checkDepth(context, label, depth)) return;
    const url = parseIncludeUrl(entry.url);
    if (url === undefined) {
      warn(
        context,
        label,
        "include-invalid-url",
        "An #include line is not a URL, so it is skipped.",
        "Write one http, https or file URL per line.",
      );
      continue;
    }
    if (context.includeChain.includes(url.href)) {
      const chain = [...context.includeChain, url.href].map((href) => redactUrl(new URL(href)));
      warn(
        context,
        label,
        "include-cycle",
        `The include of ${redactUrl(url)} is skipped because it would loop: ${chain.join(" -> ")}.`,
        "Remove the #include line that closes the loop.",
      );
      continue;
    }
    const body = await fetchInclude(url, entry.once, label, context);
    if (body === undefined) continue;

    const outerName = context.payloadName;
    context.includeChain.push(url.href);
    context.payloadName = redactUrl(url);
    try {
      await collectPayload(body, context, depth + 1);
    } finally {
      context.includeChain.pop();
      context.payloadName = outerName;
    }
  }
}

function checkDepth(context: CollectContext, label: string, depth: number): boolean {
  const limit = context.settings.userData.maxRecursionDepth;
  if (depth + 1 <= limit) return true;
  warn(
    context,
    label,
    "max-depth-exceeded",
    `Includes and nested parts go deeper than ${limit} levels, so the deeper content is skipped.`,
    "Flatten the user-data or raise userData.maxRecursionDepth in the settings.",
  );
  return false;
}

const PART_NAME_DIGITS = 3;

function attach(
  leaf: Leaf,
  contentType: string,
  text: string | undefined,
  context: CollectContext,
  nested: boolean,
): void {
  const index = context.parts.length + 1;
  const namedByUser = leaf.filename !== undefined && leaf.filename !== "";
  const name = namedByUser
    ? leaf.filename!
    : `part-${String(index).padStart(PART_NAME_DIGITS, "0")}`;
  context.parts.push({
    name,
    // A payload that is one document is named by itself; parts of a message
    // also carry their part name.
    label: nested ? `${context.payloadName} [${name}]` : context.payloadName,
    namedByUser,
    nested,
    contentType,
    headers: leaf.headers,
    body: leaf.body,
    text,
    source: context.source,
  });
}
