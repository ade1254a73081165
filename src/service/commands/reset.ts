/**
 * `egs-service reset`: deletes the state of earlier provisioning runs, as `cloud-init
 * clean` does, so the next run treats the machine as a new instance. Per-once
 * semaphores and staged scripts are kept unless asked for; `--logs` also
 * empties the log directory.
 */

import { join } from "../../path/path.ts";
import { OperationError } from "../../errors.ts";
import { getLogger } from "../../log/logging.ts";
import { resolveAgentPaths, stagingDirInRoot } from "../../provisioning/agent/agent_paths.ts";

/** Options of {@linkcode resetCommand}, as the command line sets them. */
export interface ResetOptions {
  root?: string;
  stateDir?: string;
  logDir?: string;
  /** Also removes the log files. */
  logs?: boolean;
  /** Also removes the scripts staged under each instance's `scripts/`. */
  scripts?: boolean;
  /** Also removes per-once semaphores and entry progress, so per-once modules run again. */
  resetOnce?: boolean;
  /** Keeps the per-boot markers, so per-boot modules do not run again in this boot. */
  keepPerBoot?: boolean;
}

/** Removes the selected state and prints each removed path. */
export async function resetCommand(options: ResetOptions): Promise<void> {
  const paths = resolveAgentPaths(options);
  const removed = await resetState(paths.stateDir, options);

  // With --root and a state directory outside it, run stages scripts and the
  // host name record inside the root, so they are reset with the state.
  const staging = stagingDirInRoot(paths);
  if (staging !== undefined) removed.push(...await resetState(staging, options));

  if (options.logs) removed.push(...await removeChildren(paths.logDir, () => true));
  for (const path of removed) console.log(`removed ${path}`);
  if (removed.length === 0) console.log("Nothing to remove.");
}

/**
 * Removes the state of earlier runs from `stateDir` and returns the removed
 * paths, absolute. `state.json`, `data/`, the instance data file and `instances/` go;
 * inside `instances/<id>/`, `scripts/` stays unless `scripts` is set and
 * `sem/*.boot` stays when `keepPerBoot` is set. `sem/` and `entries/` at the
 * top (per-once) go only with `resetOnce`.
 */
export async function resetState(stateDir: string, options: ResetOptions): Promise<string[]> {
  const removed: string[] = [];
  const keepTop = new Set(["instances"]);
  if (!options.resetOnce) {
    keepTop.add("sem");
    keepTop.add("entries");
  }
  removed.push(...await removeChildren(stateDir, (name) => !keepTop.has(name)));

  const instancesDir = join(stateDir, "instances");
  for (const instance of await listNames(instancesDir)) {
    const instanceDir = join(instancesDir, instance);
    removed.push(
      ...await removeChildren(
        instanceDir,
        (name) =>
          !(name === "scripts" && !options.scripts) && !(name === "sem" && options.keepPerBoot),
      ),
    );
    if (options.keepPerBoot) {
      removed.push(
        ...await removeChildren(join(instanceDir, "sem"), (name) => !name.endsWith(".boot")),
      );
    }
    // The instance folder goes too once nothing in it is kept.
    const emptied = await Deno.remove(instanceDir).then(() => true, () => false);
    if (emptied) removed.push(instanceDir);
  }
  return removed;
}

async function removeChildren(dir: string, select: (name: string) => boolean): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await listNames(dir)) {
    if (!select(name)) continue;
    const path = join(dir, name);
    try {
      await Deno.remove(path, { recursive: true });
    } catch (error) {
      throw new OperationError(
        `Cannot remove "${path}": ${(error as Error).message}. Run reset as root.`,
        { cause: error },
      );
    }
    getLogger("service", "reset").info("Removed {path}.", { path });
    removed.push(path);
  }
  return removed;
}

async function listNames(dir: string): Promise<string[]> {
  const names: string[] = [];
  try {
    for await (const entry of Deno.readDir(dir)) names.push(entry.name);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound || error instanceof Deno.errors.NotADirectory) {
      return [];
    }
    throw new OperationError(
      `Cannot list "${dir}": ${(error as Error).message}. Run reset as root.`,
      { cause: error },
    );
  }
  return names.sort();
}
