/**
 * Finds the files `validate` checks. A file named on the command line is
 * always checked. A directory is scanned recursively for files that start
 * with a user-data marker or end in `.yaml` or `.yml`.
 */

import { join } from "../../path/path.ts";

/** First-line markers and headers that make a file user-data, compared case-insensitively. */
const USER_DATA_PREFIXES = [
  "#cloud-config",
  "#!",
  "#ps1",
  "#include",
  "#cloud-boothook",
  "#part-handler",
  "## template:",
  "content-type:",
  "mime-version:",
];

const YAML_EXTENSION = /\.ya?ml$/i;
const GZIP_MAGIC = [0x1f, 0x8b];
const PREFIX_BYTES = 64;

/** Reports whether `bytes` start like user-data: a marker, a MIME header or gzip. */
export function startsLikeUserData(bytes: Uint8Array): boolean {
  if (bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1]) return true;
  const head = new TextDecoder().decode(bytes.subarray(0, PREFIX_BYTES))
    .replace(/^\uFEFF/, "")
    .toLowerCase();
  return USER_DATA_PREFIXES.some((prefix) => head.startsWith(prefix));
}

/** Reports whether a file name ends in `.yaml` or `.yml`. */
export function hasYamlExtension(path: string): boolean {
  return YAML_EXTENSION.test(path);
}

async function readPrefix(path: string): Promise<Uint8Array> {
  using file = await Deno.open(path);
  const buffer = new Uint8Array(PREFIX_BYTES);
  const count = await file.read(buffer);
  return buffer.subarray(0, count ?? 0);
}

async function scanDirectory(directory: string, found: string[]): Promise<void> {
  const entries: Deno.DirEntry[] = [];
  for await (const entry of Deno.readDir(directory)) entries.push(entry);
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const path = join(directory, entry.name);
    if (entry.isDirectory) await scanDirectory(path, found);
    else if (
      entry.isFile && (hasYamlExtension(path) || startsLikeUserData(await readPrefix(path)))
    ) {
      found.push(path);
    }
  }
}

/**
 * Expands the `--user-data` arguments into the files to check, in order.
 * A path that does not exist is returned as it is, so checking it reports
 * the file as unreadable.
 */
export async function collectUserDataFiles(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    let isDirectory = false;
    try {
      isDirectory = (await Deno.stat(path)).isDirectory;
    } catch {
      // Reported when the file is read, with the reason.
    }
    if (isDirectory) await scanDirectory(path, files);
    else files.push(path);
  }
  return files;
}
