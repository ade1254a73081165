/**
 * Retries around a {@linkcode Fetcher}: the attempts, per-attempt timeout,
 * size limit and backoff come from the `userData` settings.
 */

import { getLogger } from "../log/logging.ts";
import type { Settings } from "../settings/settings.ts";
import { type Fetcher, FetchError, redactUrl } from "./fetcher.ts";

/** Maximum wait between two attempts, in seconds. */
export const MAX_BACKOFF_SECONDS = 4;

/** Waits `ms` milliseconds; tests pass a fake that records the waits. */
export type Sleep = (ms: number) => Promise<void>;

const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Returns the wait before attempt `attempt + 1` (attempt counts from 1): the
 * initial backoff doubled per attempt, capped at {@linkcode MAX_BACKOFF_SECONDS}.
 */
export function backoffSeconds(initialSeconds: number, attempt: number): number {
  return Math.min(initialSeconds * 2 ** (attempt - 1), MAX_BACKOFF_SECONDS);
}

/**
 * Fetches `url`, retrying failures marked retryable up to
 * `fetchMaxAttempts` attempts in total. Rejects with the last {@linkcode FetchError}.
 */
export async function fetchWithRetry(
  fetcher: Fetcher,
  url: URL,
  settings: Settings["userData"],
  sleep: Sleep = realSleep,
): Promise<Uint8Array> {
  const log = getLogger("userdata", "include");
  const limits = {
    timeoutMs: settings.fetchTimeoutSeconds * 1000,
    maxBytes: settings.fetchMaxBytes,
  };
  const redactedUrl = redactUrl(url);

  for (let attempt = 1;; attempt++) {
    try {
      log.debug("Fetching {url}, attempt {attempt}.", { url: redactedUrl, attempt });
      const body = await fetcher.fetch(url, limits);
      if (body.length > limits.maxBytes) {
        throw new FetchError(
          url,
          `the body is larger than the limit of ${limits.maxBytes} bytes`,
          false,
        );
      }
      log.debug("Fetched {url}: {bytes} bytes.", { url: redactedUrl, bytes: body.length });
      return body;
    } catch (error) {
      const failure = error instanceof FetchError
        ? error
        : new FetchError(url, (error as Error)?.message ?? String(error), false, { cause: error });
      if (!failure.retryable || attempt >= settings.fetchMaxAttempts) throw failure;

      const waitSeconds = backoffSeconds(settings.fetchInitialBackoffSeconds, attempt);
      log.warning("Fetching {url} failed ({message}); retrying in {waitSeconds} s.", {
        url: redactedUrl,
        message: failure.message,
        waitSeconds,
      });
      await sleep(waitSeconds * 1000);
    }
  }
}
