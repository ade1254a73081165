/**
 * The user-data pipeline: payload bytes in; merged cloud-config, scripts,
 * boothooks and warnings out. It reads nothing except `#include` URLs, which
 * go through the injected fetcher.
 */

import { mergeManyDicts } from "../cloudconfig/merge/merge_many_dicts.ts";
import type { Problem } from "../cloudconfig/problem.ts";
import { defaultSettings, type Settings } from "../settings/settings.ts";
import type { CollectContext, CollectedPart } from "./_context.ts";
import { applyParts } from "./apply_parts.ts";
import { collectPayload } from "./collect_parts.ts";
import { ContentType } from "./content_types.ts";
import { decodePayload } from "./decode.ts";
import type { Sleep } from "./fetch_with_retry.ts";
import { createDefaultFetcher, type Fetcher } from "./fetcher.ts";
import { type IncludeCache, MemoryIncludeCache } from "./include_cache.ts";
import type { PayloadSource, UserDataResult } from "./types.ts";

/** Inputs of {@linkcode processUserData}. */
export interface UserDataInput {
  /** User-data payloads, handled in order as if they were parts of one message. */
  userData?: Uint8Array[] | Uint8Array;
  vendorData?: Uint8Array;
  /**
   * Decode a base64 layer first. Set it only where the source defines the
   * payload as base64 (Azure CustomData): base64 is never guessed.
   */
  base64?: boolean;
  /** Instance data in the layout of cloud-init's `instance-data.json`, for jinja templates. */
  instanceData?: Record<string, unknown>;
  /** This machine's launch index; parts for other indexes are dropped when it is set. */
  launchIndex?: number;
  /** Fetcher for `#include` URLs; defaults to `fetch` and `Deno.readFile`. */
  fetcher?: Fetcher;
  /** Store of `#include-once` bodies; defaults to one that lives for this call. */
  includeCache?: IncludeCache;
  settings?: Settings;
  /** Names of the user-data payloads for messages, then the vendor-data's name. */
  names?: string[];
  /** Waits between fetch attempts; tests pass a fake. */
  sleep?: Sleep;
}

/**
 * Runs user-data and vendor-data through decoding, classification, includes
 * and merging. Vendor-data is merged under user-data, so user-data wins.
 * Throws `InputError` (exit code 2) for input that cannot be decoded or
 * parsed; skipped parts and failed includes become warnings.
 */
export async function processUserData(input: UserDataInput): Promise<UserDataResult> {
  const settings = input.settings ?? defaultSettings();
  const warnings: Problem[] = [];
  const shared = {
    settings,
    fetcher: input.fetcher ?? createDefaultFetcher(),
    cache: input.includeCache ?? new MemoryIncludeCache(),
    sleep: input.sleep,
    warnings,
  };
  const userPayloads = input.userData === undefined
    ? []
    : input.userData instanceof Uint8Array
    ? [input.userData]
    : input.userData;
  const userNames = userPayloads.map((_, index) =>
    input.names?.[index] ?? (userPayloads.length === 1 ? "user-data" : `user-data[${index + 1}]`)
  );

  const userParts = await collectAll(userPayloads, userNames, "user", input.base64, shared);

  const vendorName = input.names?.[userPayloads.length] ?? "vendor-data";
  const vendorParts = input.vendorData === undefined
    ? []
    : await collectAll([input.vendorData], [vendorName], "vendor", false, shared);

  const hasTemplate = [...userParts, ...vendorParts].some((part) =>
    part.contentType === ContentType.jinja
  );
  const applyOptions = {
    instanceData: input.instanceData,
    jinja: hasTemplate ? await import("./jinja.ts") : undefined,
    launchIndex: input.launchIndex,
    warnings,
  };
  const user = applyParts(userParts, applyOptions);
  const vendor = applyParts(vendorParts, applyOptions);

  const cloudConfig = input.vendorData === undefined
    ? user.cloudConfig
    : mergeManyDicts([user.cloudConfig, vendor.cloudConfig]);
  return {
    cloudConfig,
    scripts: [...user.scripts, ...vendor.scripts],
    boothooks: [...user.boothooks, ...vendor.boothooks],
    warnings,
  };
}

async function collectAll(
  payloads: readonly Uint8Array[],
  names: readonly string[],
  source: PayloadSource,
  base64: boolean | undefined,
  shared: Pick<CollectContext, "settings" | "fetcher" | "cache" | "sleep" | "warnings">,
): Promise<CollectedPart[]> {
  const context: CollectContext = {
    ...shared,
    source,
    payloadName: "",
    includeChain: [],
    parts: [],
  };
  for (const [index, payload] of payloads.entries()) {
    context.payloadName = names[index];
    const decoded = decodePayload(payload, {
      name: names[index],
      base64,
      maxBytes: shared.settings.userData.fetchMaxBytes,
    });
    await collectPayload(decoded, context, 0);
  }
  return context.parts;
}
