/**
 * Encoder for provisioning events in the format cloud-init's Hyper-V KVP
 * reporting handler writes into the guest pool, so cloud-init's own KVP
 * reader and the eryph host parse EGS's events unchanged.
 *
 * Key: `CLOUD_INIT|<incarnation>|<start|finish>|<name>|<uuid>`; a value longer
 * than 1024 UTF-8 bytes is split into keys `<key>|0`, `<key>|1`, … each holding
 * a complete JSON object with `msg_i` and one slice of `msg`.
 */

/** Prefix of every event key. */
export const CLOUD_INIT_EVENT_PREFIX = "CLOUD_INIT";

/** Largest value cloud-init writes for one event, in UTF-8 bytes. */
export const CLOUD_INIT_MAX_VALUE_BYTES = 1024;

/** Outcome of a finished stage or module, as cloud-init names it. */
export type EventResult = "SUCCESS" | "FAIL" | "WARN";

/** One provisioning event before encoding. */
export interface CloudInitEvent {
  type: "start" | "finish";
  /** `init-local`, `modules-config/config-runcmd`, … */
  name: string;
  /** Human-readable message: `Completed`, `RebootRequested`, or the failure reason. */
  message: string;
  /** Finish events only. */
  result?: EventResult;
  /** Time of the event; defaults to now. */
  timestamp?: Date;
}

/** Options of {@linkcode encodeCloudInitEvent}. */
export interface EncodeOptions {
  /** Boot time in epoch seconds; 0 when unknown. */
  incarnation: number;
  /** Unique id of this event; a random UUID when absent. */
  eventId?: string;
}

const encoder = new TextEncoder();

/** Encodes one event as the KVP items cloud-init would write, key to value. */
export function encodeCloudInitEvent(
  event: CloudInitEvent,
  options: EncodeOptions,
): Map<string, string> {
  const eventId = options.eventId ?? crypto.randomUUID();
  const key = [CLOUD_INIT_EVENT_PREFIX, options.incarnation, event.type, event.name, eventId]
    .join("|");
  const fields = eventFields(event);

  const whole = toAsciiJson({ ...fields, msg: event.message });
  if (byteLength(whole) <= CLOUD_INIT_MAX_VALUE_BYTES) return new Map([[key, whole]]);

  return splitIntoChunks(key, fields, event.message);
}

/** Formats a time as cloud-init does: `2026-12-04T20:01:16.123000+00:00`, fraction only when non-zero. */
export function formatEventTimestamp(time: Date): string {
  const iso = time.toISOString();
  const seconds = iso.slice(0, 19);
  const milliseconds = time.getUTCMilliseconds();
  const fraction = milliseconds === 0 ? "" : `.${String(milliseconds * 1000).padStart(6, "0")}`;
  return `${seconds}${fraction}+00:00`;
}

function eventFields(event: CloudInitEvent): Record<string, string> {
  const fields: Record<string, string> = {
    name: event.name,
    type: event.type,
    ts: formatEventTimestamp(event.timestamp ?? new Date()),
  };
  if (event.type === "finish") fields.result = event.result ?? "SUCCESS";
  return fields;
}

/**
 * Splits `message` over as many chunk values as needed. Each chunk is a full
 * JSON object of at most 1024 bytes; slices never cut a surrogate pair.
 */
function splitIntoChunks(
  key: string,
  fields: Record<string, string>,
  message: string,
): Map<string, string> {
  const chunks = new Map<string, string>();
  const characters = Array.from(message);
  let start = 0;
  let index = 0;

  while (start < characters.length || index === 0) {
    let end = start;
    let value = chunkValue(fields, index, "");
    while (end < characters.length) {
      const candidate = chunkValue(fields, index, characters.slice(start, end + 1).join(""));
      if (byteLength(candidate) > CLOUD_INIT_MAX_VALUE_BYTES) break;
      value = candidate;
      end++;
    }
    if (end === start && start < characters.length) {
      throw new RangeError(`Event "${fields.name}" has fields too long for one KVP value.`);
    }
    chunks.set(`${key}|${index}`, value);
    start = end;
    index++;
  }
  return chunks;
}

function chunkValue(fields: Record<string, string>, index: number, slice: string): string {
  return toAsciiJson({ ...fields, msg_i: index, msg: slice });
}

/** JSON with every non-ASCII character escaped as `\uXXXX`, as Python's json.dumps does. */
export function toAsciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u0080-\uffff]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

function byteLength(text: string): number {
  return encoder.encode(text).length;
}
