/**
 * The one door through which the pipeline reads anything: `#include` URLs.
 * A {@linkcode Fetcher} makes a single attempt within a time and size limit;
 * {@linkcode fetchWithRetry} adds the attempts and backoff from the settings.
 */

import { fromFileUrl } from "../path/path.ts";
import { OperationError } from "../errors.ts";

/** Limits of one fetch attempt. */
export interface FetchLimits {
  /** Time allowed for the whole attempt, body included, in milliseconds. */
  timeoutMs: number;
  /** Largest accepted body, in bytes. */
  maxBytes: number;
}

/** Reads the bytes behind a URL in one attempt; rejects with {@linkcode FetchError}. */
export interface Fetcher {
  fetch(url: URL, limits: FetchLimits): Promise<Uint8Array>;
}

/** A failed fetch attempt; `retryable` is true for timeouts, network errors and 5xx/408/429. */
export class FetchError extends OperationError {
  readonly url: string;
  readonly retryable: boolean;
  /** Advice for the user that replaces the generic one, set by fetchers with a specific cause. */
  readonly hint?: string;

  constructor(
    url: URL,
    reason: string,
    retryable: boolean,
    options?: ErrorOptions & { hint?: string },
  ) {
    super(`Cannot fetch ${redactUrl(url)}: ${reason}.`, options);
    this.url = redactUrl(url);
    this.retryable = retryable;
    this.hint = options?.hint;
  }
}

/** Returns the URL without user name, password or query, which may carry credentials. */
export function redactUrl(url: URL): string {
  const copy = new URL(url.href);
  copy.username = "";
  copy.password = "";
  if (copy.search !== "") copy.search = "?…";
  return copy.href;
}

const RETRYABLE_STATUS = new Set([408, 429]);

/**
 * Creates the default fetcher: `http:`/`https:` through `fetch`, `file:`
 * through `Deno.readFile`. Other schemes are rejected.
 */
export function createDefaultFetcher(): Fetcher {
  return {
    fetch(url, limits) {
      if (url.protocol === "file:") return readFileUrl(url, limits);
      if (url.protocol === "http:" || url.protocol === "https:") return readHttpUrl(url, limits);
      return Promise.reject(
        new FetchError(
          url,
          `the scheme "${url.protocol}" is not supported (use http, https or file)`,
          false,
        ),
      );
    },
  };
}

async function readFileUrl(url: URL, limits: FetchLimits): Promise<Uint8Array> {
  const path = fromFileUrl(url);
  try {
    const info = await Deno.stat(path);
    if (info.size > limits.maxBytes) {
      throw new FetchError(
        url,
        `the file has ${info.size} bytes, more than the limit of ${limits.maxBytes}`,
        false,
      );
    }
    return await Deno.readFile(path);
  } catch (error) {
    if (error instanceof FetchError) throw error;
    throw new FetchError(url, (error as Error).message, false, { cause: error });
  }
}

async function readHttpUrl(url: URL, limits: FetchLimits): Promise<Uint8Array> {
  const signal = AbortSignal.timeout(limits.timeoutMs);
  let response: Response;
  try {
    response = await fetch(url, { signal, redirect: "follow" });
  } catch (error) {
    throw new FetchError(url, describeNetworkError(error, limits), true, { cause: error });
  }

  if (!response.ok) {
    await response.body?.cancel();
    const retryable = response.status >= 500 || RETRYABLE_STATUS.has(response.status);
    throw new FetchError(url, `the server returned HTTP ${response.status}`, retryable);
  }
  return await readBodyLimited(url, response, limits);
}

async function readBodyLimited(
  url: URL,
  response: Response,
  limits: FetchLimits,
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for await (const chunk of response.body ?? new ReadableStream<Uint8Array>()) {
      total += chunk.length;
      if (total > limits.maxBytes) {
        await response.body?.cancel().catch(() => {});
        throw new FetchError(
          url,
          `the body is larger than the limit of ${limits.maxBytes} bytes`,
          false,
        );
      }
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof FetchError) throw error;
    throw new FetchError(url, describeNetworkError(error, limits), true, { cause: error });
  }

  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.length;
  }
  return body;
}

function describeNetworkError(error: unknown, limits: FetchLimits): string {
  if (
    error instanceof DOMException && (error.name === "TimeoutError" || error.name === "AbortError")
  ) {
    return `timed out after ${limits.timeoutMs} ms`;
  }
  return error instanceof Error ? error.message : String(error);
}
