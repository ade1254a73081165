/** Removal of a socket file left behind by an earlier process. */

/**
 * Removes `path` when it is a unix socket, so a new listener can bind there.
 * A missing path is fine. Any other kind of file is left alone and reported,
 * because deleting it could destroy data.
 */
export async function removeStaleSocket(path: string): Promise<void> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.lstat(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return;
    throw error;
  }
  if (!info.isSocket) {
    throw new Error(
      `Cannot listen on unix:${path}: the path exists and is not a socket; remove it or choose another path.`,
    );
  }
  await Deno.remove(path);
}
