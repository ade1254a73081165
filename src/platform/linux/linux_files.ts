/**
 * Files of the Linux target. Every path is a path of the target system and
 * is resolved inside the root (`/` without `--root`) by
 * {@linkcode resolveInRoot}; owners resolve through the root's own account
 * files.
 */

import { basename, dirname, join } from "../../path/path.ts";
import { getLogger } from "../../log/logging.ts";
import type { Files, WriteOptions } from "../types.ts";
import { readAccountDatabase } from "./account_database.ts";
import { resolveOwner } from "./file_owner.ts";
import { resolveInRoot } from "./root_path.ts";

/** Mode of a new file when the caller gives none, as cloud-init's `write_file` uses. */
export const DEFAULT_NEW_FILE_MODE = 0o644;

/** Mode of parent folders created on the way, as cloud-init's `ensure_dir` uses. */
export const DEFAULT_FOLDER_MODE = 0o755;

/** Reads and writes files of the target, inside its root. */
export class LinuxFiles implements Files {
  /** Host path of the target's `/`. */
  readonly root: string;

  constructor(root = "/") {
    this.root = root;
  }

  /** Returns the host path of the target path `path`, following links inside the root. */
  hostPath(path: string): Promise<string> {
    return resolveInRoot(this.root, path);
  }

  /** Reads a file; undefined when it does not exist. */
  async read(path: string): Promise<Uint8Array | undefined> {
    const hostPath = await this.hostPath(path);
    try {
      return await Deno.readFile(hostPath);
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return undefined;
      throw error;
    }
  }

  /**
   * Writes `data` to a temporary file beside the target and renames it over
   * the target, so readers never see a partial file. A link at the path is
   * followed and its target replaced. Without `mode` or `owner`, an existing
   * file keeps its own, and a new file gets 0644 and the agent's user. `append` adds to the
   * current content. Missing parent folders are created with mode 0755.
   */
  async write(path: string, data: Uint8Array, options: WriteOptions = {}): Promise<void> {
    const hostPath = await this.hostPath(path);
    const existing = await statOrUndefined(hostPath);
    const owner = options.owner === undefined
      ? undefined
      : resolveOwner(options.owner, await readAccountDatabase(this), path);

    await Deno.mkdir(dirname(hostPath), { recursive: true, mode: DEFAULT_FOLDER_MODE });
    await removeStaleTemporaries(hostPath);

    const previous = options.append && existing !== undefined
      ? await Deno.readFile(hostPath)
      : undefined;
    const content = previous === undefined ? data : joinBytes(previous, data);
    const mode = options.mode ?? (existing?.mode ?? DEFAULT_NEW_FILE_MODE) & 0o7777;
    const uid = owner?.uid ?? existing?.uid ?? undefined;
    const gid = owner?.gid ?? existing?.gid ?? undefined;

    const temporary = `${hostPath}.egs-tmp-${crypto.randomUUID()}`;
    try {
      // The file is created 0600 and only widened once owner and mode are
      // set, so a secret is never readable by others for a moment.
      await Deno.writeFile(temporary, content, { mode: 0o600 });
      if (uid !== undefined || gid !== undefined) {
        await Deno.chown(temporary, uid ?? null, gid ?? null);
      }
      await Deno.chmod(temporary, mode);
      await Deno.rename(temporary, hostPath);
    } catch (error) {
      await Deno.remove(temporary).catch(() => {});
      throw error;
    }
    getLogger("platform", "files").debug("Wrote {path}.", {
      path,
      mode: mode.toString(8),
      uid,
      gid,
    });
  }

  /**
   * Creates the folder `path` and its missing parents, then sets the mode and
   * owner of `path` itself, also when it existed already. The folder itself
   * is created with `mode` (less the umask), so a kill before the chmod never
   * leaves it more open than requested.
   */
  async ensureFolder(path: string, mode: number, owner?: string): Promise<void> {
    const hostPath = await this.hostPath(path);
    await Deno.mkdir(dirname(hostPath), { recursive: true, mode: DEFAULT_FOLDER_MODE });
    try {
      await Deno.mkdir(hostPath, { mode: mode & 0o777 });
    } catch (error) {
      if (!(error instanceof Deno.errors.AlreadyExists)) throw error;
    }
    if (owner !== undefined) {
      const ids = resolveOwner(owner, await readAccountDatabase(this), path);
      await Deno.chown(hostPath, ids.uid, ids.gid ?? null);
    }
    await Deno.chmod(hostPath, mode);
  }

  /** Removes a file or a link itself; a missing file is not an error. */
  async remove(path: string): Promise<void> {
    const hostPath = await resolveInRoot(this.root, path, { followLast: false });
    try {
      await Deno.remove(hostPath);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  }

  /** Tells whether `path` exists, following links inside the root. */
  async exists(path: string): Promise<boolean> {
    return (await statOrUndefined(await this.hostPath(path))) !== undefined;
  }
}

async function statOrUndefined(hostPath: string): Promise<Deno.FileInfo | undefined> {
  try {
    return await Deno.stat(hostPath);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound || error instanceof Deno.errors.NotADirectory) {
      return undefined;
    }
    throw error;
  }
}

function joinBytes(first: Uint8Array, second: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(first.length + second.length);
  bytes.set(first, 0);
  bytes.set(second, first.length);
  return bytes;
}

/**
 * Removes the temporary files `<name>.egs-tmp-*` that a write of `hostPath`
 * killed before its rename left beside it. Writes of one path are not run
 * concurrently, so such a file belongs to no write in progress.
 */
async function removeStaleTemporaries(hostPath: string): Promise<void> {
  const prefix = `${basename(hostPath)}.egs-tmp-`;
  for await (const entry of Deno.readDir(dirname(hostPath))) {
    if (!entry.name.startsWith(prefix)) continue;
    await Deno.remove(join(dirname(hostPath), entry.name)).catch(() => {});
  }
}
