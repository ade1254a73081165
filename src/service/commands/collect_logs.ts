/**
 * `egs-service collect-logs`: packs what helps to diagnose provisioning into
 * one zip file: the version, the state directory (state.json, instance data,
 * semaphores, entry progress, staged scripts) and the log files. Raw
 * user-data and vendor-data are left out, and secrets are redacted in every
 * file that goes in.
 */

import { basename, join, relative } from "../../path/path.ts";
import { zipSync } from "fflate";
import { OperationError } from "../../errors.ts";
import { resolveAgentPaths } from "../../provisioning/agent/agent_paths.ts";
import { EGS_VERSION } from "../../version.ts";
import { redactFileContent } from "./_redact_bundle_file.ts";

/** Options of {@linkcode collectLogsCommand}, as the command line sets them. */
export interface CollectLogsOptions {
  root?: string;
  stateDir?: string;
  logDir?: string;
  /** Zip file to write; `egs-logs.zip` in the working directory by default. */
  output?: string;
}

/** Name of the top folder inside the zip. */
export const BUNDLE_FOLDER = "egs-logs";

// Cached payloads hold passwords and keys in clear text, so they never go in.
const RAW_PAYLOAD = /(user|vendor)[-_.]?data/i;

/** Writes the bundle (mode 0600) and prints its path and the number of files. */
export async function collectLogsCommand(options: CollectLogsOptions): Promise<void> {
  const paths = resolveAgentPaths(options);
  const files = await collectBundleFiles(paths.stateDir, paths.logDir);
  const output = options.output ?? "egs-logs.zip";
  try {
    await Deno.writeFile(output, zipSync(files, { level: 6 }), { mode: 0o600 });
  } catch (error) {
    throw new OperationError(
      `Cannot write "${output}": ${(error as Error).message}. Pass --output PATH in a writable ` +
        "directory.",
      { cause: error },
    );
  }
  console.log(`Wrote ${output} with ${Object.keys(files).length} files.`);
}

/**
 * Reads the files of the bundle, redacted, keyed by their path in the zip:
 * `egs-logs/version.txt`, `egs-logs/state/...` and `egs-logs/logs/...`.
 */
export async function collectBundleFiles(
  stateDir: string,
  logDir: string,
): Promise<Record<string, Uint8Array>> {
  const encoder = new TextEncoder();
  const files: Record<string, Uint8Array> = {
    [`${BUNDLE_FOLDER}/version.txt`]: encoder.encode(
      `egs-service ${EGS_VERSION}\ndeno ${Deno.version.deno}\n${Deno.build.target}\n` +
        `collected ${new Date().toISOString()}\n`,
    ),
  };
  for (const [source, folder] of [[stateDir, "state"], [logDir, "logs"]] as const) {
    for (const path of await listFiles(source)) {
      if (RAW_PAYLOAD.test(basename(path))) continue;
      const text = new TextDecoder().decode(await Deno.readFile(path));
      const name = relative(source, path).split("\\").join("/");
      files[`${BUNDLE_FOLDER}/${folder}/${name}`] = encoder.encode(
        redactFileContent(basename(path), text),
      );
    }
  }
  return files;
}

async function listFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  let entries: Deno.DirEntry[];
  try {
    entries = await Array.fromAsync(Deno.readDir(dir));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return [];
    throw new OperationError(
      `Cannot read "${dir}": ${(error as Error).message}. Run collect-logs as root.`,
      { cause: error },
    );
  }
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) found.push(...await listFiles(path));
    else if (entry.isFile) found.push(path);
  }
  return found;
}
