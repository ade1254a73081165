/**
 * Builds a directory tree once and keeps it in a cache folder. A build runs in
 * a partial folder beside its final place and is renamed into place only when
 * it succeeds, so an interrupted build never leaves a tree that a later run
 * would trust. A lock file serializes builders across processes.
 */

import { join } from "node:path";

/** Returns the cache folder for test roots: `EGS_TEST_CACHE`, else `/var/cache/egs-tests`. */
export function testCacheDir(): string {
  return Deno.env.get("EGS_TEST_CACHE") ?? "/var/cache/egs-tests";
}

/** Fills `partialDir`, which exists and is empty, with the tree to cache. */
export type TreeBuilder = (partialDir: string) => Promise<void>;

/**
 * Returns `cacheDir/name`, calling `build` first when the tree is not cached.
 * Leftover partial folders of `name` from interrupted builds are removed under
 * the lock. When `build` throws, its partial folder is removed and the error
 * propagates, so the next call builds again.
 */
export async function ensureCachedTree(
  cacheDir: string,
  name: string,
  build: TreeBuilder,
): Promise<string> {
  const finalDir = join(cacheDir, name);
  if (await exists(finalDir)) return finalDir;

  await Deno.mkdir(cacheDir, { recursive: true });
  const lockFile = await Deno.open(join(cacheDir, `.${name}.lock`), {
    create: true,
    write: true,
  });
  try {
    await lockFile.lock(true);
    // Another process may have finished the same build while this one waited.
    if (await exists(finalDir)) return finalDir;

    await removePartialDirs(cacheDir, name);

    const partialDir = join(cacheDir, `.${name}.partial-${Deno.pid}`);
    await Deno.mkdir(partialDir);
    try {
      await build(partialDir);
      await Deno.rename(partialDir, finalDir);
    } catch (error) {
      await removeTree(partialDir);
      throw error;
    }
    return finalDir;
  } finally {
    await lockFile.unlock().catch(() => {});
    lockFile.close();
  }
}

async function removePartialDirs(cacheDir: string, name: string): Promise<void> {
  const prefix = `.${name}.partial-`;
  for await (const entry of Deno.readDir(cacheDir)) {
    if (entry.isDirectory && entry.name.startsWith(prefix)) {
      console.error(`Removing the unfinished build ${join(cacheDir, entry.name)}`);
      await removeTree(join(cacheDir, entry.name));
    }
  }
}

/**
 * Removes a tree without crossing into other file systems, so a `/proc` or
 * `/dev` still mounted inside an interrupted root is left alone and the
 * removal fails loudly instead.
 */
export async function removeTree(path: string): Promise<void> {
  const output = await new Deno.Command("rm", {
    args: ["-rf", "--one-file-system", "--", path],
    stderr: "piped",
  }).output();
  if (!output.success) {
    throw new Error(
      `Cannot remove "${path}": ${new TextDecoder().decode(output.stderr).trim()}. ` +
        "Unmount what is mounted inside it, then remove it by hand.",
    );
  }
}

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}
