/** Small file helpers for egs-tool's config files: write only what changed, atomically. */

import { dirname } from "../path/path.ts";

/** Reads a text file; undefined when it does not exist. */
export async function readTextIfExists(path: string): Promise<string | undefined> {
  try {
    return await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}

/**
 * Writes `text` to `path` through a temporary file and a rename, unless the
 * file already contains exactly that text. An existing file keeps its mode; a
 * new one gets `mode`. Returns whether the file was written.
 */
export async function writeTextIfChanged(
  path: string,
  text: string,
  mode = 0o600,
): Promise<boolean> {
  const current = await readTextIfExists(path);
  if (current === text) return false;
  await Deno.mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const existingMode = current === undefined ? undefined : (await Deno.stat(path)).mode;
  const temporary = `${path}.egs-${crypto.randomUUID()}.tmp`;
  await Deno.writeTextFile(temporary, text, { mode: existingMode ?? mode });
  if (existingMode !== undefined && existingMode !== null && Deno.build.os !== "windows") {
    await Deno.chmod(temporary, existingMode & 0o7777);
  }
  await Deno.rename(temporary, path);
  return true;
}
