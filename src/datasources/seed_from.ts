/**
 * Reads the NoCloud seed files named by `seedfrom` (in meta-data or a hint)
 * from a `file://` directory inside the root or an `http(s)://` server.
 */

import { fromFileUrl } from "../path/path.ts";
import { InputError } from "../errors.ts";
import { redactUrl } from "../userdata/fetcher.ts";
import { type ProbeContext, readOptionalFile } from "./probe_context.ts";

/** The seed files found at a `seedfrom` location; absent files are undefined. */
export interface SeedFromFiles {
  metaData?: Uint8Array;
  userData?: Uint8Array;
  vendorData?: Uint8Array;
  networkConfig?: Uint8Array;
}

/** A `seedfrom` server that could not be reached or failed; worth retrying later. */
export class SeedFromUnavailableError extends Error {}

const FILES = {
  metaData: "meta-data",
  userData: "user-data",
  vendorData: "vendor-data",
  networkConfig: "network-config",
} as const;

/**
 * Builds the URL of one seed file: `%s` in the base is replaced by the name,
 * otherwise the name is appended after a `/`, as cloud-init does.
 */
export function seedFileUrl(base: string, name: string): string {
  if (base.includes("%s")) return base.replaceAll("%s", name);
  const url = new URL(base);
  const separator = base.endsWith("/") || url.search !== "" ? "" : "/";
  return `${base}${separator}${name}`;
}

/**
 * Reads every seed file at `base`. Throws {@linkcode SeedFromUnavailableError}
 * when an HTTP server fails or cannot be reached, and `InputError` when `base`
 * is not a file, http or https URL.
 */
export async function readSeedFrom(base: string, context: ProbeContext): Promise<SeedFromFiles> {
  const protocol = URL.canParse(base) ? new URL(base).protocol : undefined;
  if (protocol === undefined || !["file:", "http:", "https:"].includes(protocol)) {
    const shown = protocol === undefined ? base : redactUrl(new URL(base));
    throw new InputError(
      `Invalid seedfrom "${shown}": expected a file://, http:// or https:// URL ending in the seed directory.`,
    );
  }
  const files: SeedFromFiles = {};
  for (const [field, name] of Object.entries(FILES) as [keyof SeedFromFiles, string][]) {
    const url = new URL(seedFileUrl(base, name));
    files[field] = protocol === "file:"
      ? await readOptionalFile(context, fromFileUrl(url))
      : await fetchOptional(url, context);
  }
  return files;
}

async function fetchOptional(url: URL, context: ProbeContext): Promise<Uint8Array | undefined> {
  const limits = context.settings.userData;
  let response: Response;
  try {
    response = await context.fetch(url, {
      signal: AbortSignal.timeout(limits.fetchTimeoutSeconds * 1000),
    });
  } catch (error) {
    throw new SeedFromUnavailableError(
      `Cannot fetch ${redactUrl(url)}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  if (response.status === 404) {
    await response.body?.cancel();
    return undefined;
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new SeedFromUnavailableError(`Cannot fetch ${redactUrl(url)}: HTTP ${response.status}`);
  }
  const body = new Uint8Array(await response.arrayBuffer());
  if (body.length > limits.fetchMaxBytes) {
    throw new SeedFromUnavailableError(
      `Cannot use ${
        redactUrl(url)
      }: ${body.length} bytes exceed userData.fetchMaxBytes (${limits.fetchMaxBytes}).`,
    );
  }
  return body;
}
