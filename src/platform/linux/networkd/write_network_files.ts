/** Writing rendered network files under a target root. */

import { dirname, join, normalize, relative } from "../../../path/path.ts";
import { OperationError } from "../../../errors.ts";
import { getLogger } from "../../../log/logging.ts";

/**
 * Writes each file of `files` (paths relative to `root`) atomically. The
 * content goes to a temporary file in the same folder, which is set to
 * `mode` (0644 unless given) and renamed over the target, so a reader never sees a partial file.
 * Missing folders are created.
 *
 * Throws RangeError for a path that is absolute or leaves `root`, and
 * OperationError when a symbolic link inside `root` leads the folder out of
 * it, because the target root is an image and must not write to this machine.
 */
export async function writeNetworkFiles(
  root: string,
  files: Map<string, string>,
  mode = 0o644,
): Promise<void> {
  const log = getLogger("network", "networkd");
  const realRoot = await Deno.realPath(root);
  for (const [relativePath, content] of files) {
    const target = resolveUnder(root, relativePath);
    await checkInsideRoot(realRoot, dirname(target), relativePath);
    await Deno.mkdir(dirname(target), { recursive: true });

    const temporary = `${target}.egs-tmp-${crypto.randomUUID()}`;
    try {
      // Created 0600 and widened afterwards: the umask filters the create mode,
      // and a netplan file may hold secrets that others must never read.
      await Deno.writeTextFile(temporary, content, { mode: 0o600 });
      await Deno.chmod(temporary, mode);
      await Deno.rename(temporary, target);
    } catch (error) {
      await Deno.remove(temporary).catch(() => {});
      throw error;
    }
    log.debug("Wrote {path}.", { path: target });
  }
}

function resolveUnder(root: string, relativePath: string): string {
  const cleaned = normalize(relativePath);
  if (cleaned.startsWith("/") || cleaned === ".." || cleaned.startsWith("../")) {
    throw new RangeError(`Invalid path "${relativePath}": expected a path inside the target root.`);
  }
  return join(root, cleaned);
}

// Resolves the deepest folder of `folder` that exists and checks that it
// stays inside the root once symbolic links are followed.
async function checkInsideRoot(realRoot: string, folder: string, relativePath: string) {
  let existing = folder;
  while (true) {
    try {
      const real = await Deno.realPath(existing);
      const inside = relative(realRoot, real);
      if (inside.startsWith("..") || inside.startsWith("/")) {
        throw new OperationError(
          `Cannot write "${relativePath}": its folder resolves to "${real}", outside the target root ` +
            `"${realRoot}", through a symbolic link. Replace the link inside the root with a folder.`,
        );
      }
      return;
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
      existing = dirname(existing);
    }
  }
}
