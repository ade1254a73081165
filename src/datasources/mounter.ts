/**
 * Read-only mounts of VFAT seed media, the one case the ISO 9660 reader does
 * not cover. Only used on a running guest, never under `--root`.
 */

import { getLogger } from "../log/logging.ts";
import type { CommandRunner } from "./command_runner.ts";

/** A mounted filesystem; `unmount` removes the mount and its temporary directory. */
export interface Mount {
  path: string;
  unmount(): Promise<void>;
}

/** Mounts a device read-only. */
export interface Mounter {
  /** Mounts `device` read-only on a temporary directory; throws when mount fails. */
  mountReadOnly(device: string): Promise<Mount>;
}

const log = getLogger("datasources", "mount");

/**
 * Creates a mounter that calls mount(8) and umount(8).
 * NOTE: no test runs this against a real device, because tests must not mount.
 */
export function createMounter(runCommand: CommandRunner): Mounter {
  return {
    async mountReadOnly(device) {
      const path = await Deno.makeTempDir({ prefix: "egs-seed-" });
      const argv = ["mount", "-o", "ro,nosuid,nodev,noexec", device, path];
      const result = await runCommand(argv);
      if (result.code !== 0) {
        await Deno.remove(path).catch(() => {});
        throw new Error(`Cannot mount ${device} read-only: ${result.stderr.trim()}`);
      }
      log.debug("Mounted {device} on {path}.", { device, path });
      return {
        path,
        async unmount() {
          const unmounted = await runCommand(["umount", path]);
          if (unmounted.code !== 0) {
            log.warning("Cannot unmount {path}: {stderr}", { path, stderr: unmounted.stderr });
            return;
          }
          await Deno.remove(path).catch(() => {});
        },
      };
    },
  };
}
