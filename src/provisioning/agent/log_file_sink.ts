/**
 * The provisioning log file: every log record of a run as one JSON line,
 * appended to `egs-provisioning.log` in the log directory. The file is
 * created with mode 0640 and tightened to it when it is looser, because it
 * names users and paths of the machine.
 */

import { join } from "../../path/path.ts";
import { getJsonLinesFormatter, type LogRecord, type Sink } from "@logtape/logtape";

/** File name of the provisioning log under the log directory. */
export const PROVISIONING_LOG_FILE = "egs-provisioning.log";

const LOG_MODE = 0o640;

/** An open log file: the sink to pass to `setupLogging`, and `close` for the end of the run. */
export interface LogFile {
  path: string;
  sink: Sink;
  close(): void;
}

/**
 * Opens the log file in `logDir` for appending, creating the directory
 * (mode 0750) and the file when missing. Throws when the directory cannot be
 * created or the file cannot be opened.
 */
export function openLogFile(logDir: string): LogFile {
  Deno.mkdirSync(logDir, { recursive: true, mode: 0o750 });
  const path = join(logDir, PROVISIONING_LOG_FILE);
  const file = Deno.openSync(path, { create: true, append: true, mode: LOG_MODE });
  if (Deno.build.os !== "windows" && (Deno.statSync(path).mode ?? 0) & 0o027) {
    Deno.chmodSync(path, LOG_MODE);
  }
  const formatter = getJsonLinesFormatter();
  const encoder = new TextEncoder();
  let open = true;
  return {
    path,
    sink: (record: LogRecord) => {
      if (!open) return;
      const line = formatter(record);
      const bytes = encoder.encode(line.endsWith("\n") ? line : `${line}\n`);
      let written = 0;
      while (written < bytes.length) written += file.writeSync(bytes.subarray(written));
    },
    close: () => {
      if (!open) return;
      open = false;
      file.close();
    },
  };
}
