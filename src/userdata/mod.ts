/** The user-data pipeline and the interfaces a caller may inject. */

export { processUserData, type UserDataInput } from "./process_user_data.ts";
export type {
  Boothook,
  PayloadSource,
  Script,
  ScriptFrequency,
  ScriptInterpreter,
  UserDataResult,
} from "./types.ts";
export { createDefaultFetcher, type Fetcher, FetchError, type FetchLimits } from "./fetcher.ts";
export { type IncludeCache, MemoryIncludeCache } from "./include_cache.ts";
