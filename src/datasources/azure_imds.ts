/**
 * Reads Azure's instance metadata service (IMDS). The endpoint is a setting,
 * so tests point it at a loopback server. EGS never talks to the Azure
 * wireserver.
 */

import type { ProbeContext } from "./probe_context.ts";

/** The IMDS document, or why it could not be read. */
export type ImdsResult =
  | { ok: true; document: Record<string, unknown> }
  | { ok: false; reason: string };

/** Fetches the instance document with the `Metadata: true` header IMDS requires. */
export async function fetchImds(context: ProbeContext): Promise<ImdsResult> {
  const settings = context.dataSourceSettings.azure;
  const url = settings.imdsUrl;
  try {
    const response = await context.fetch(url, {
      headers: { Metadata: "true" },
      signal: AbortSignal.timeout(settings.imdsTimeoutSeconds * 1000),
    });
    if (!response.ok) {
      await response.body?.cancel();
      return { ok: false, reason: `IMDS at ${url} returned HTTP ${response.status}` };
    }
    const document = await response.json();
    if (typeof document !== "object" || document === null || Array.isArray(document)) {
      return { ok: false, reason: `IMDS at ${url} returned JSON that is not an object` };
    }
    return { ok: true, document };
  } catch (error) {
    return { ok: false, reason: `Cannot read IMDS at ${url}: ${(error as Error).message}` };
  }
}

/** Returns `document.compute` as an object, or an empty one. */
export function imdsCompute(document: Record<string, unknown>): Record<string, unknown> {
  const compute = document.compute;
  return typeof compute === "object" && compute !== null ? compute as Record<string, unknown> : {};
}
