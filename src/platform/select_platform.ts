/**
 * The one place that picks the platform implementation for the running
 * operating system. Everything else works through the interfaces in
 * `types.ts`.
 */

import { NotSupportedError } from "../errors.ts";
import { createLinuxPlatform, type LinuxPlatformOptions } from "./linux/linux_platform.ts";
import type { Platform } from "./types.ts";

/** Options of {@linkcode selectPlatform}. */
export interface SelectPlatformOptions extends LinuxPlatformOptions {
  /** Operating system to build for; defaults to the running one. */
  os?: typeof Deno.build.os;
}

/**
 * Returns the platform of `os`. Linux honours `root` (`--root`). Throws
 * NotSupportedError for every other OS.
 */
export function selectPlatform(options: SelectPlatformOptions = {}): Platform {
  const os = options.os ?? Deno.build.os;
  switch (os) {
    case "linux":
      return createLinuxPlatform(options);
    case "windows":
      // NOTE: the Windows platform (FFI and PowerShell) is not written yet.
      throw new NotSupportedError("Provisioning", "windows");
    default:
      throw new NotSupportedError("Provisioning", os);
  }
}
