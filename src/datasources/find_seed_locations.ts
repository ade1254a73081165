/**
 * Lists the places a datasource's seed may be: configured directories and
 * devices, and devices whose filesystem label matches, found through
 * `/dev/disk/by-label` and, on a running guest, `blkid`.
 *
 * NOTE: Windows has neither, so there only `--seed` and configured
 * directories and devices are searched. No test opens a Windows device path.
 */

import { join } from "../path/path.ts";
import { getLogger } from "../log/logging.ts";
import { hostPath, type ProbeContext } from "./probe_context.ts";

/** Search locations of one datasource. Paths are absolute and resolved inside the root. */
export interface SeedSearch {
  seedDirectories: string[];
  labels: string[];
  devices: string[];
}

const log = getLogger("datasources", "locate");

/**
 * Returns existing candidate paths in search order: seed directories, then
 * configured devices, then labelled devices. With `--seed`, only that path.
 */
export async function findSeedLocations(
  context: ProbeContext,
  search: SeedSearch,
): Promise<string[]> {
  if (context.seed !== undefined) return [context.seed];

  const candidates = [
    ...search.seedDirectories.map((path) => hostPath(context, path)),
    ...search.devices.map((path) => hostPath(context, path)),
    ...search.labels.map((label) => hostPath(context, join("/dev/disk/by-label", label))),
  ];
  const found: string[] = [];
  for (const path of candidates) {
    if (await pathExists(path) && !found.includes(path)) found.push(path);
  }
  for (const device of await blkidDevices(context, search.labels)) {
    if (!found.includes(device)) found.push(device);
  }
  return found;
}

async function blkidDevices(context: ProbeContext, labels: string[]): Promise<string[]> {
  if (context.runCommand === undefined || labels.length === 0) return [];
  const devices: string[] = [];
  for (const label of labels) {
    const argv = ["blkid", "-t", `LABEL=${label}`, "-o", "device"];
    const result = await context.runCommand(argv);
    // blkid exits 2 when no device matches, which is the usual case, and the
    // runner returns 127 where blkid is not installed (Windows, minimal images).
    if (result.code === 2 || result.code === 127) continue;
    if (result.code !== 0) {
      log.warning("{argv} failed with exit code {code}: {stderr}", { argv, ...result });
      continue;
    }
    for (const line of result.stdout.split("\n")) {
      const device = line.trim();
      if (device !== "" && !devices.includes(device)) devices.push(device);
    }
  }
  return devices;
}

async function pathExists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}
