/**
 * The options every command shares, as data: commander declares them from
 * here, and the commander-free parser of `egs-service run` reads the same
 * lists.
 */

import type { LongOption } from "./parse_known_options.ts";

/** Values of `--log-level`. `warn` is accepted for `warning`. */
export const LOG_LEVEL_CHOICES = [
  "trace",
  "debug",
  "info",
  "warning",
  "warn",
  "error",
  "fatal",
] as const;

/** Values of `--log-format`. `auto` is text on a terminal and JSON lines otherwise. */
export const LOG_FORMAT_CHOICES = ["auto", "text", "json"] as const;

/** `--log-level` and `--log-format`, which every command accepts. */
export const LOGGING_OPTIONS: readonly LongOption[] = [
  { flag: "--log-level", value: "<level>", choices: LOG_LEVEL_CHOICES },
  { flag: "--log-format", value: "<format>", choices: LOG_FORMAT_CHOICES },
];

/** `--format` limited to `formats`, and `--json` as its shorthand. */
export function formatOptions(formats: readonly string[]): LongOption[] {
  return [{ flag: "--format", value: "<format>", choices: formats }, { flag: "--json" }];
}
