/**
 * Logging for both binaries, on top of @logtape/logtape. Logs always go to
 * stderr (data goes to stdout): a human-readable line per record on a TTY,
 * JSON lines otherwise, so a journal or a log collector can parse them.
 */

import {
  configureSync,
  getJsonLinesFormatter,
  getLogger as getLogtapeLogger,
  getTextFormatter,
  type Logger,
  type LogLevel,
  type LogRecord,
  resetSync,
  type Sink,
} from "@logtape/logtape";

export type { Logger, LogLevel };

/** Log levels accepted by `--log-level`, lowest first. `warn` is accepted for `warning`. */
export const LOG_LEVELS: readonly LogLevel[] = [
  "trace",
  "debug",
  "info",
  "warning",
  "error",
  "fatal",
];

/** How records are written: `text` for people, `json` for machines, `auto` picks by TTY. */
export type LogFormat = "text" | "json" | "auto";

/** Options of {@linkcode setupLogging}. */
export interface LoggingOptions {
  /** Lowest level written; defaults to `info`. */
  level?: LogLevel;
  /** Output format; `auto` (the default) writes text on a TTY and JSON lines otherwise. */
  format?: LogFormat;
  /** Extra sinks, such as the daemon's log file, that receive every record. */
  extraSinks?: Sink[];
  /** Writer for the stderr sink; tests pass their own to capture output. */
  write?: (line: string) => void;
}

const ROOT_CATEGORY = "egs";

/** Parses a `--log-level` value; throws a RangeError naming the accepted values. */
export function parseLogLevel(value: string): LogLevel {
  const normalized = value.trim().toLowerCase();
  const level = normalized === "warn" ? "warning" : normalized;
  if ((LOG_LEVELS as readonly string[]).includes(level)) return level as LogLevel;
  throw new RangeError(
    `Invalid log level "${value}": expected one of ${LOG_LEVELS.join(", ")}.`,
  );
}

/** Configures the process-wide log sinks. Safe to call again: the old setup is replaced. */
export function setupLogging(options: LoggingOptions = {}): void {
  const format = resolveFormat(options.format ?? "auto");
  const write = options.write ?? writeStderr;
  const formatter = format === "json" ? getJsonLinesFormatter() : getTextFormatter({
    timestamp: "date-time-tz",
    category: ".",
  });

  const stderrSink: Sink = (record: LogRecord) => write(formatter(record));
  const extraSinks = options.extraSinks ?? [];
  const sinks: Record<string, Sink> = { stderr: stderrSink };
  extraSinks.forEach((sink, index) => sinks[`extra${index}`] = sink);

  resetSync();
  configureSync({
    reset: true,
    sinks,
    loggers: [
      { category: ROOT_CATEGORY, lowestLevel: options.level ?? "info", sinks: Object.keys(sinks) },
      { category: ["logtape", "meta"], lowestLevel: "warning", sinks: ["stderr"] },
    ],
  });
}

/** Returns the logger for a capability, for example `getLogger("userdata", "mime")`. */
export function getLogger(...category: string[]): Logger {
  return getLogtapeLogger([ROOT_CATEGORY, ...category]);
}

function resolveFormat(format: LogFormat): "text" | "json" {
  if (format !== "auto") return format;
  return Deno.stderr.isTerminal() ? "text" : "json";
}

const encoder = new TextEncoder();

function writeStderr(line: string): void {
  const bytes = encoder.encode(line.endsWith("\n") ? line : `${line}\n`);
  let written = 0;
  while (written < bytes.length) {
    written += Deno.stderr.writeSync(bytes.subarray(written));
  }
}
