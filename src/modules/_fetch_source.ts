/** The default fetcher of `write_files[].source.uri`. */

import type { SourceFetcher } from "./_options.ts";

/**
 * Fetches `uri` with `fetch`, stopping after `userData.fetchTimeoutSeconds`
 * and rejecting bodies larger than `userData.fetchMaxBytes`. Throws on a
 * non-2xx status, a timeout or an oversized body.
 */
export const fetchSource: SourceFetcher = async (uri, headers, settings) => {
  const limits = settings.userData;
  const response = await fetch(uri, {
    headers,
    signal: AbortSignal.timeout(limits.fetchTimeoutSeconds * 1000),
  });
  if (!response.ok) {
    await response.body?.cancel();
    throw new Error(`the server returned HTTP ${response.status}`);
  }
  const body = new Uint8Array(await response.arrayBuffer());
  if (body.length > limits.fetchMaxBytes) {
    throw new Error(
      `the body has ${body.length} bytes, more than userData.fetchMaxBytes (${limits.fetchMaxBytes})`,
    );
  }
  return body;
};
