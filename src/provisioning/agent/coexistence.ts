/**
 * Coexistence with cloud-init: where the target has cloud-init installed and
 * enabled, cloud-init provisions and EGS only reports its progress, unless
 * the `coexistence` setting is `provision` or `run --force` is given.
 */

import { join } from "../../path/path.ts";

/** Presence and state of cloud-init in the target. */
export interface CloudInitPresence {
  installed: boolean;
  /** Reason cloud-init is off (marker file or kernel option), when it is installed but disabled. */
  disabledBy?: string;
}

/** Inputs of {@linkcode detectCloudInit}. */
export interface DetectCloudInitOptions {
  /** Root of the target; "/" for the running machine. */
  root: string;
  /** Kernel command line file, taken inside `root` (the datasource setting `kernelCommandLinePath`). */
  kernelCommandLinePath: string;
}

const CLOUD_INIT_BINARIES = ["/usr/bin/cloud-init", "/usr/local/bin/cloud-init"];
const DISABLED_MARKER = "/etc/cloud/cloud-init.disabled";

/**
 * Looks for cloud-init in the target: its program, then the two switches
 * that turn it off, the marker file `/etc/cloud/cloud-init.disabled` and
 * `cloud-init=disabled` on the kernel command line.
 */
export async function detectCloudInit(options: DetectCloudInitOptions): Promise<CloudInitPresence> {
  const inside = (path: string) => options.root === "/" ? path : join(options.root, path);
  let installed = false;
  for (const binary of CLOUD_INIT_BINARIES) {
    if (await exists(inside(binary))) installed = true;
  }
  if (!installed) return { installed: false };

  if (await exists(inside(DISABLED_MARKER))) return { installed, disabledBy: DISABLED_MARKER };
  const commandLine = await readText(inside(options.kernelCommandLinePath));
  if (commandLine?.split(/\s+/).includes("cloud-init=disabled")) {
    return { installed, disabledBy: "cloud-init=disabled on the kernel command line" };
  }
  return { installed };
}

/** True when EGS should leave provisioning to cloud-init. */
export function defersToCloudInit(
  presence: CloudInitPresence,
  coexistence: "defer" | "provision",
  force: boolean,
): boolean {
  return presence.installed && presence.disabledBy === undefined && coexistence === "defer" &&
    !force;
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch {
    return false;
  }
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await Deno.readTextFile(path);
  } catch {
    return undefined;
  }
}
