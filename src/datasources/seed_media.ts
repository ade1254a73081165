/**
 * Opens a seed wherever it lives: a directory, an ISO 9660 image or device
 * (read directly, never mounted), or a VFAT device through the read-only
 * mounter. Names are matched case-insensitively in every kind of seed.
 */

import { join } from "../path/path.ts";
import { isIso9660, IsoImage } from "./iso9660/iso_image.ts";
import { openBlockSource } from "./iso9660/block_source.ts";
import type { ProbeContext } from "./probe_context.ts";

/** The files of one opened seed. */
export interface SeedFiles {
  /** Path of the seed: a directory, image or device. */
  readonly source: string;
  /** Reads a file by its path relative to the seed root; undefined when absent. */
  readFile(path: string): Promise<Uint8Array | undefined>;
  /** Lists the names in a directory of the seed ("" is the root); undefined when absent. */
  listDirectory(path: string): Promise<string[] | undefined>;
  close(): Promise<void>;
}

/**
 * Opens the seed at `path` (already resolved inside the root). Throws when
 * the path is neither a directory nor ISO 9660 and no mounter is available.
 */
export async function openSeed(path: string, context: ProbeContext): Promise<SeedFiles> {
  const info = await Deno.stat(path);
  if (info.isDirectory) return directorySeed(path, path, async () => {});

  const blocks = await openBlockSource(path);
  try {
    if (await isIso9660(blocks)) {
      const image = await IsoImage.open(blocks);
      return {
        source: path,
        readFile: (name) => image.readFile(name),
        listDirectory: async (name) => (await image.list(name))?.map((entry) => entry.name),
        close: () => Promise.resolve(blocks.close()),
      };
    }
  } catch (error) {
    blocks.close();
    throw error;
  }
  blocks.close();

  if (context.mounter === undefined) {
    throw new Error(`${path} is not ISO 9660, and mounting other filesystems is disabled here`);
  }
  const mount = await context.mounter.mountReadOnly(path);
  return directorySeed(mount.path, path, () => mount.unmount());
}

function directorySeed(dir: string, source: string, close: () => Promise<void>): SeedFiles {
  return {
    source,
    async readFile(path) {
      const resolved = await resolveCaseInsensitive(dir, path);
      if (resolved === undefined) return undefined;
      try {
        return await Deno.readFile(resolved);
      } catch (error) {
        if (error instanceof Deno.errors.IsADirectory) return undefined;
        throw error;
      }
    },
    async listDirectory(path) {
      const resolved = path === "" ? dir : await resolveCaseInsensitive(dir, path);
      if (resolved === undefined) return undefined;
      const names: string[] = [];
      try {
        for await (const entry of Deno.readDir(resolved)) names.push(entry.name);
      } catch (error) {
        if (error instanceof Deno.errors.NotADirectory) return undefined;
        throw error;
      }
      return names;
    },
    close,
  };
}

/** Finds `path` below `dir`, preferring the exact spelling of each component. */
async function resolveCaseInsensitive(dir: string, path: string): Promise<string | undefined> {
  let current = dir;
  for (const part of path.split("/").filter((item) => item !== "")) {
    const exact = join(current, part);
    if (await exists(exact)) {
      current = exact;
      continue;
    }
    let match: string | undefined;
    try {
      for await (const entry of Deno.readDir(current)) {
        if (entry.name.toLowerCase() === part.toLowerCase()) match = entry.name;
      }
    } catch {
      return undefined;
    }
    if (match === undefined) return undefined;
    current = join(current, match);
  }
  return current;
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch {
    return false;
  }
}
