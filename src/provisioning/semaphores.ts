/**
 * Semaphores: the marker files that record that a module ran, so it runs
 * once per boot, instance or machine as its frequency requires.
 */

import type { Frequency } from "./module.ts";
import type { StatePaths } from "./state_paths.ts";
import { writeFileAtomic } from "./write_file_atomic.ts";

/** Content of a semaphore file. */
interface SemaphoreRecord {
  module: string;
  ranAt: string;
  bootId: string;
}

/** Reads and writes the semaphores of one instance and boot. */
export class Semaphores {
  readonly #paths: StatePaths;
  readonly #bootId: string;

  constructor(paths: StatePaths, bootId: string) {
    this.#paths = paths;
    this.#bootId = bootId;
  }

  /** Reports whether a module with this frequency already ran; `always` never counts as run. */
  async hasRun(moduleName: string, frequency: Frequency): Promise<boolean> {
    const path = this.#paths.semaphore(moduleName, frequency);
    if (path === undefined) return false;

    const record = await readRecord(path);
    if (record === undefined) return false;
    return frequency !== "per-boot" || record.bootId === this.#bootId;
  }

  /** Records that a module ran now; does nothing for `always`. */
  async markRun(moduleName: string, frequency: Frequency, now: Date): Promise<void> {
    const path = this.#paths.semaphore(moduleName, frequency);
    if (path === undefined) return;

    const record: SemaphoreRecord = {
      module: moduleName,
      ranAt: now.toISOString(),
      bootId: this.#bootId,
    };
    await writeFileAtomic(path, `${JSON.stringify(record)}\n`, { mode: 0o644 });
  }
}

/**
 * Reads a semaphore. A file that is not valid JSON still counts as run, so a
 * semaphore copied from cloud-init (which writes other content) is honoured.
 */
async function readRecord(path: string): Promise<SemaphoreRecord | undefined> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
  try {
    return JSON.parse(text) as SemaphoreRecord;
  } catch {
    return { module: "", ranAt: "", bootId: "" };
  }
}
