/**
 * Collects the warnings a command logs, so that its summary on stdout can
 * repeat them. Logs go to stderr, where a warning is easy to miss among the
 * lines of a run.
 */

import type { LogRecord, Sink } from "@logtape/logtape";

/** Records the message of every warning that reaches its sink. */
export class WarningCollector {
  readonly #messages: string[] = [];

  /** The sink to add to the logging setup. It keeps `warning` records and ignores the others. */
  readonly sink: Sink = (record: LogRecord) => {
    if (record.level === "warning") this.#messages.push(renderMessage(record.message));
  };

  /** The messages collected so far, in the order they were logged. */
  get messages(): readonly string[] {
    return this.#messages;
  }
}

/**
 * Renders a logtape message: its text parts as they are, string values in
 * double quotes (JSON), errors by their message, and other values as
 * `Deno.inspect` prints them on one line. A message
 * that is one string value alone, such as a validation problem logged as
 * "{problem}", is that string without quotes.
 */
export function renderMessage(parts: readonly unknown[]): string {
  const [before, value, after] = parts;
  if (parts.length === 3 && before === "" && after === "" && typeof value === "string") {
    return value;
  }
  return parts.map((part, index) => index % 2 === 0 ? String(part) : renderValue(part)).join("");
}

function renderValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (value instanceof Error) return value.message;
  return Deno.inspect(value, { colors: false, compact: true, breakLength: Infinity });
}
