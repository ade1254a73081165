/** The progress file of one command list: per entry, its content hash, reboots, cap and completion. */

import { writeFileAtomic } from "./write_file_atomic.ts";

/** Progress of one entry. */
export interface EntryRecord {
  /** SHA-256 of the entry's content, hex. */
  hash: string;
  done: boolean;
  reboots: number;
  limit: number;
  exitCode?: number;
  /** Error of an entry that exceeded its reboot cap. */
  failure?: string;
}

interface ProgressFile {
  entries: EntryRecord[];
}

/** Loads and saves the records of one list. */
export class EntryProgress {
  readonly #path: string;

  constructor(path: string) {
    this.#path = path;
  }

  /**
   * Returns one record per entry. A record whose hash no longer matches its
   * entry is replaced by a fresh one, so an edited entry runs from scratch.
   */
  async load(
    entries: readonly { content: string }[],
    defaultLimit: number,
  ): Promise<EntryRecord[]> {
    const saved = await this.#read();
    const records: EntryRecord[] = [];
    for (const [position, entry] of entries.entries()) {
      const hash = await sha256Hex(entry.content);
      const previous = saved[position];
      records.push(
        previous?.hash === hash ? previous : { hash, done: false, reboots: 0, limit: defaultLimit },
      );
    }
    return records;
  }

  async save(records: EntryRecord[]): Promise<void> {
    const file: ProgressFile = { entries: records };
    await writeFileAtomic(this.#path, `${JSON.stringify(file, null, 2)}\n`);
  }

  async remove(): Promise<void> {
    await Deno.remove(this.#path).catch((error) => {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    });
  }

  async #read(): Promise<EntryRecord[]> {
    try {
      const file = JSON.parse(await Deno.readTextFile(this.#path)) as ProgressFile;
      return Array.isArray(file.entries) ? file.entries : [];
    } catch (error) {
      if (error instanceof Deno.errors.NotFound || error instanceof SyntaxError) return [];
      throw error;
    }
  }
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}
