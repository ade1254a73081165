/** Probe contexts for tests: a temporary root, no real commands, no mounts. */

import { join } from "node:path";
import {
  createProbeContext,
  type ProbeContext,
  type ProbeContextOptions,
} from "../../../src/datasources/probe_context.ts";
import { parseSettings } from "../../../src/settings/settings.ts";
import { makeTempDir } from "./temp.ts";

/** Creates an empty temporary directory that serves as `--root`. */
export async function makeRoot(): Promise<string> {
  return await makeTempDir("egs-root-");
}

/** Writes files below `root`, creating directories; paths are absolute inside the root. */
export async function writeUnderRoot(
  root: string,
  files: Record<string, string | Uint8Array>,
): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    const target = join(root, path);
    await Deno.mkdir(join(target, ".."), { recursive: true });
    if (typeof content === "string") await Deno.writeTextFile(target, content);
    else await Deno.writeFile(target, content);
  }
}

/** Builds a context rooted at `root`; `settings` is the settings file's JSON text. */
export function testContext(
  root: string,
  options: Omit<ProbeContextOptions, "root" | "settings"> & { settings?: string } = {},
): ProbeContext {
  const { settings, ...rest } = options;
  return createProbeContext({
    root,
    settings: parseSettings(settings ?? "{}"),
    ...rest,
  });
}
