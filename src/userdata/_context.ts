/**
 * State shared by the steps of one pipeline run, and the part shape that
 * flows from collection (MIME, includes, archives) to the part handlers.
 */

import type { Problem } from "../cloudconfig/problem.ts";
import type { Settings } from "../settings/settings.ts";
import type { Fetcher } from "./fetcher.ts";
import type { Sleep } from "./fetch_with_retry.ts";
import type { IncludeCache } from "./include_cache.ts";
import type { MimeHeaders } from "./mime/headers.ts";
import type { PayloadSource } from "./types.ts";

/** A leaf part before classification. */
export interface Leaf {
  /** Declared content type, lower-cased; undefined when nothing was declared. */
  declaredType: string | undefined;
  filename: string | undefined;
  headers: MimeHeaders;
  body: Uint8Array;
}

/** A classified part, named and ready for its handler. */
export interface CollectedPart {
  /** Part name: the user's file name or a generated `part-001`-style name. */
  name: string;
  /** Payload and part name for messages, such as `user-data [part-001]`. */
  label: string;
  /** Whether `name` came from the user (so its extension means something). */
  namedByUser: boolean;
  /** Whether the part came from inside a multipart message, an archive or an include. */
  nested: boolean;
  contentType: string;
  headers: MimeHeaders;
  body: Uint8Array;
  /** Body as UTF-8 text, or undefined when it is not valid UTF-8. */
  text: string | undefined;
  source: PayloadSource;
}

/** Inputs and accumulators of one collection run. */
export interface CollectContext {
  source: PayloadSource;
  /** Name of the payload being read, for messages. */
  payloadName: string;
  settings: Settings;
  fetcher: Fetcher;
  cache: IncludeCache;
  sleep?: Sleep;
  warnings: Problem[];
  /** URLs whose include is in progress, outermost first, for cycle detection. */
  includeChain: string[];
  /** Parts collected so far, in message order. */
  parts: CollectedPart[];
}

/** Adds a warning about `file` to the run. */
export function warn(
  context: CollectContext,
  file: string,
  code: string,
  message: string,
  hint?: string,
): void {
  context.warnings.push({ severity: "warning", code, message, file, hint });
}
