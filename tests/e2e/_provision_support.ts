/**
 * Helpers for the end-to-end provisioning tests: running `egs-service run`
 * against a disposable root, building seed media, and reading facts back out
 * of the root's own files.
 */

import { join } from "node:path";
import { assertEquals } from "../_support/assert.ts";
import { runCli } from "../_support/cli.ts";

/** The JSON that `egs-service run --format json` prints. */
export interface RunReport {
  outcome: string;
  exitCode: number;
  status?: string;
  errors: string[];
  actions: { stage: string; module: string; action: string; frequency: string; reason: string }[];
}

/** Output of one provisioning run: the parsed report and the CLI's stderr. */
export interface ProvisionResult {
  /** Undefined when the run printed no report, as when it fails before the first stage. */
  report?: RunReport;
  stderr: string;
}

/** True when `command flag` (`--version` by default) runs and exits with 0. */
export async function hasCommand(command: string, flag = "--version"): Promise<boolean> {
  try {
    const output = await new Deno.Command(command, { args: [flag], stdout: "null", stderr: "null" })
      .output();
    return output.success;
  } catch {
    return false;
  }
}

/**
 * Runs `egs-service run --root ROOT --format json` with `args` appended and
 * asserts the exit code, which must be `expectedCode` (0 by default).
 * A root has no kernel boot id, so `--boot-id boot-1` is added unless `args`
 * set one.
 */
export async function provision(
  root: string,
  args: string[],
  expectedCode = 0,
): Promise<ProvisionResult> {
  const result = await runCli("service", [
    "run",
    "--root",
    root,
    "--format",
    "json",
    "--log-format",
    "json",
    ...(args.includes("--boot-id") ? [] : ["--boot-id", "boot-1"]),
    ...args,
  ]);
  assertEquals(
    result.code,
    expectedCode,
    `egs-service run ${args.join(" ")} exited with ${result.code}:\n${result.stderr}`,
  );
  const report = result.stdout.trim() === "" ? undefined : JSON.parse(result.stdout) as RunReport;
  return { report, stderr: result.stderr };
}

/**
 * Builds an ISO 9660 image with Rock Ridge and Joliet names from `files`
 * (paths relative to the image root) using genisoimage; returns its path.
 */
export async function buildIsoImage(
  dir: string,
  label: string,
  files: Record<string, string | Uint8Array>,
): Promise<string> {
  const tree = join(dir, "tree");
  for (const [path, content] of Object.entries(files)) {
    const target = join(tree, path);
    await Deno.mkdir(join(target, ".."), { recursive: true });
    if (typeof content === "string") await Deno.writeTextFile(target, content);
    else await Deno.writeFile(target, content);
  }
  const image = join(dir, `${label}.iso`);
  const output = await new Deno.Command("genisoimage", {
    args: ["-quiet", "-o", image, "-V", label, "-r", "-J", tree],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!output.success) {
    const stderr = new TextDecoder().decode(output.stderr).trim();
    throw new Error(`genisoimage failed with exit code ${output.code}: ${stderr}`);
  }
  return image;
}

/** Writes a NoCloud seed directory from `files` (name to content) and returns its path. */
export async function writeSeedDirectory(
  dir: string,
  files: Record<string, string | Uint8Array>,
): Promise<string> {
  await Deno.mkdir(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    if (typeof content === "string") await Deno.writeTextFile(join(dir, name), content);
    else await Deno.writeFile(join(dir, name), content);
  }
  return dir;
}

/** Reads a text file inside the root. */
export function readInRoot(root: string, path: string): Promise<string> {
  return Deno.readTextFile(join(root, path));
}

/** True when `path` exists inside the root. */
export async function existsInRoot(root: string, path: string): Promise<boolean> {
  try {
    await Deno.lstat(join(root, path));
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

/** Returns the line of a colon-separated database (passwd, group, shadow) for `name`. */
export function entryOf(text: string, name: string): string {
  return text.split("\n").find((line) => line.startsWith(`${name}:`)) ?? "";
}

/** Returns the permission bits and owner of a file inside the root. */
export async function modeAndOwner(root: string, path: string): Promise<[number, number, number]> {
  const info = await Deno.stat(join(root, path));
  return [info.mode! & 0o7777, info.uid!, info.gid!];
}

/**
 * Lists the groups of `user` as `id -nG` would inside the root: the primary
 * group from `/etc/passwd` first, then every group of `/etc/group` naming
 * the user as a member.
 */
export async function groupsOf(root: string, user: string): Promise<string[]> {
  const passwd = await readInRoot(root, "etc/passwd");
  const group = await readInRoot(root, "etc/group");
  const primaryGid = entryOf(passwd, user).split(":")[3];
  const names: string[] = [];
  for (const line of group.split("\n")) {
    const [name, , gid, members = ""] = line.split(":");
    if (!name) continue;
    if (gid === primaryGid || members.split(",").includes(user)) names.push(name);
  }
  return names;
}

/** Reads the given host files, so a test can show that the run did not touch them. */
export async function snapshotFiles(paths: string[]): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  for (const path of paths) {
    result.set(path, await Deno.readTextFile(path).catch(() => "<missing>"));
  }
  return result;
}

/** Host files that a run under `--root` must never change. */
export const HOST_FILES = ["/etc/hostname", "/etc/passwd", "/etc/group", "/etc/shadow"];
