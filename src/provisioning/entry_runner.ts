/**
 * Reboot-and-continue for command lists (`runcmd`, `bootcmd`, user scripts).
 * Each entry runs through the injected `Processes`. Exit code 1001 requests a
 * reboot and continues with the next entry, and 1003 requests a reboot and
 * runs the same entry again. Any other non-zero exit is logged before the next
 * entry runs. Progress is kept in a file so the list resumes after the reboot.
 */

import type { Logger } from "../log/logging.ts";
import type { ProcessCommand, Processes } from "../platform/types.ts";
import type { RebootRequest } from "./module.ts";
import { findRebootLimit } from "./_reboot_limit.ts";
import { EntryProgress, type EntryRecord } from "./_entry_progress.ts";

/** Exit code that requests a reboot, then the next entry. */
export const EXIT_REBOOT_CONTINUE = 1001;
/** Exit code that requests a reboot, then the same entry again. */
export const EXIT_REBOOT_RERUN = 1003;

/** One command of a list. */
export interface CommandEntry {
  command: ProcessCommand;
  /** Text that identifies the entry; when its hash changes, the entry starts from scratch. */
  content: string;
  /** Variables added to the entry's environment, such as `INSTANCE_ID` for `bootcmd`. */
  env?: Record<string, string>;
}

/** An entry that failed: its reboot cap was reached. */
export interface EntryFailure {
  /** 1-based position in the list. */
  index: number;
  message: string;
}

/** Result of {@linkcode EntryRunner.run}. */
export interface EntryRunResult {
  /** Set when an entry requested a reboot; the remaining entries wait for the next boot. */
  reboot?: RebootRequest;
  failures: EntryFailure[];
  /** Entries that ended with a non-zero exit code other than the reboot codes. */
  nonZeroExits: { index: number; code: number }[];
}

/** Settings of one {@linkcode EntryRunner}. */
export interface EntryRunnerOptions {
  processes: Processes;
  /** File holding the progress of this list. */
  progressPath: string;
  /** Reboots each entry may request (`reboot.maxPerScript`). */
  maxRebootsPerEntry: number;
  /** Whether `##egs.reboot_limit=N` may raise an entry's cap (`reboot.allowScriptOverride`). */
  allowLimitOverride: boolean;
  log: Logger;
}

/** Runs one command list with reboot bookkeeping; a module calls {@linkcode run} once per run. */
export class EntryRunner {
  readonly #options: EntryRunnerOptions;
  readonly #progress: EntryProgress;

  constructor(options: EntryRunnerOptions) {
    this.#options = options;
    this.#progress = new EntryProgress(options.progressPath);
  }

  /**
   * Runs the entries not completed before, in order, and stops at the first
   * reboot request. Throws only when a program cannot be started or the
   * progress file cannot be written.
   */
  async run(entries: readonly CommandEntry[]): Promise<EntryRunResult> {
    const records = await this.#progress.load(entries, this.#options.maxRebootsPerEntry);
    const result: EntryRunResult = { failures: [], nonZeroExits: [] };

    for (const [position, entry] of entries.entries()) {
      const record = records[position];
      if (record.done) continue;

      const index = position + 1;
      const reboot = await this.#runEntry(entry, index, record);
      await this.#progress.save(records);
      if (reboot !== undefined) {
        result.reboot = reboot;
        return result;
      }
    }

    collectEndings(records, result);
    return result;
  }

  /** Deletes the progress file once the list is complete, so a later run starts fresh. */
  async clear(): Promise<void> {
    await this.#progress.remove();
  }

  async #runEntry(
    entry: CommandEntry,
    index: number,
    record: EntryRecord,
  ): Promise<RebootRequest | undefined> {
    const log = this.#options.log;
    const env = {
      ...entry.env,
      EGS_ENTRY_INDEX: String(index),
      EGS_REBOOT_COUNT: String(record.reboots),
      EGS_REBOOT_LIMIT: String(record.limit),
    };
    log.info("Running entry {index}.", { index, rebootCount: record.reboots });
    // An entry is user-data, so its command line stays out of the logs. A
    // script is logged by its path, which EGS chose.
    const logAs = entry.command.kind === "script" ? undefined : `entry ${index}`;
    // A failed exit is logged below, with the entry's index and what happens next.
    const { code, stdout, stderr } = await this.#options.processes.run(entry.command, {
      env,
      logAs,
      logFailure: false,
    });

    this.#applyLimitLine(stdout, index, record);

    if (code !== EXIT_REBOOT_CONTINUE && code !== EXIT_REBOOT_RERUN) {
      record.done = true;
      record.exitCode = code;
      if (code !== 0) {
        const fields = { index, code, stderr: stderr.trim().slice(-2000) };
        if (fields.stderr === "") {
          log.warning(
            "Entry {index} exited with code {code}; continuing with the next entry.",
            fields,
          );
        } else {
          log.warning(
            "Entry {index} exited with code {code}: {stderr}; continuing with the next entry.",
            fields,
          );
        }
      }
      return undefined;
    }

    if (record.reboots >= record.limit) {
      record.done = true;
      record.exitCode = code;
      const message = `Entry ${index} requested a reboot (exit code ${code}) after ` +
        `${record.reboots} reboots, its limit; raise reboot.maxPerScript or print ` +
        `##egs.reboot_limit=N to allow more.`;
      log.error(message, { index, code, limit: record.limit });
      record.failure = message;
      return undefined;
    }

    record.reboots++;
    record.done = code === EXIT_REBOOT_CONTINUE;
    const after = code === EXIT_REBOOT_CONTINUE ? "next entry" : "same entry again";
    return {
      reason: `entry ${index} exited with code ${code} (reboot, then the ${after})`,
      after: "rerun",
      entry: { index, count: record.reboots, limit: record.limit },
    };
  }

  #applyLimitLine(stdout: string, index: number, record: EntryRecord): void {
    const requested = findRebootLimit(stdout);
    if (requested === undefined || requested <= record.limit) return;

    if (!this.#options.allowLimitOverride) {
      this.#options.log.warning(
        "Entry {index} requested a reboot limit of {requested}, which is ignored because " +
          "reboot.allowScriptOverride is false.",
        { index, requested },
      );
      return;
    }
    this.#options.log.info("Entry {index} raised its reboot limit from {limit} to {requested}.", {
      index,
      limit: record.limit,
      requested,
    });
    record.limit = requested;
  }
}

/**
 * Fills in the failures and non-zero exits from the records, so entries that
 * ended before a reboot are still reported when the list completes.
 */
function collectEndings(records: readonly EntryRecord[], result: EntryRunResult): void {
  for (const [position, record] of records.entries()) {
    const index = position + 1;
    if (record.failure !== undefined) {
      result.failures.push({ index, message: record.failure });
    } else if (record.exitCode !== undefined && record.exitCode !== 0) {
      result.nonZeroExits.push({ index, code: record.exitCode });
    }
  }
}
