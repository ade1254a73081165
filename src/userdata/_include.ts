/**
 * Fetching of one `#include` URL: through the include-once cache for an
 * include-once entry, else through the fetcher with retries. Failures become
 * warnings, as in cloud-init, so one dead URL does not stop the others.
 */

import { type CollectContext, warn } from "./_context.ts";
import { fetchWithRetry } from "./fetch_with_retry.ts";
import { FetchError } from "./fetcher.ts";

/** Parses an include URL; a bare absolute path means a local file, as in cloud-init. */
export function parseIncludeUrl(text: string): URL | undefined {
  if (text.startsWith("/")) return new URL(`file://${encodeURI(text)}`);
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

/** Returns the body behind an include URL, or undefined after a warning. */
export async function fetchInclude(
  url: URL,
  once: boolean,
  file: string,
  context: CollectContext,
): Promise<Uint8Array | undefined> {
  if (once) {
    const cached = await context.cache.get(url.href);
    if (cached !== undefined) return cached;
  }

  try {
    const body = await fetchWithRetry(
      context.fetcher,
      url,
      context.settings.userData,
      context.sleep,
    );
    if (once) await context.cache.set(url.href, body);
    return body;
  } catch (error) {
    warn(
      context,
      file,
      "include-failed",
      (error as Error).message,
      (error instanceof FetchError ? error.hint : undefined) ??
        "Check that the URL is reachable from the guest.",
    );
    return undefined;
  }
}
