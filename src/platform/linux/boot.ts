/**
 * The Linux boot identity from procfs. The host's `/proc` is read even under
 * `--root`, because the boot id belongs to the running kernel. Tests pass
 * `--boot-id` or another `procDir` instead.
 */

import { join } from "../../path/path.ts";
import type { Boot } from "../types.ts";

/** Reads the boot id and boot time from `/proc`. */
export class LinuxBoot implements Boot {
  readonly #procDir: string;
  readonly #now: () => Date;

  constructor(procDir = "/proc", now: () => Date = () => new Date()) {
    this.#procDir = procDir;
    this.#now = now;
  }

  /** Returns the kernel's random boot id; throws when procfs is not mounted. */
  async readBootId(): Promise<string> {
    const path = join(this.#procDir, "sys", "kernel", "random", "boot_id");
    try {
      return (await Deno.readTextFile(path)).trim();
    } catch (error) {
      if (error instanceof Deno.errors.NotCapable) {
        throw new Error(
          `Cannot read the boot id from ${path}: Deno reads /proc only when every permission is ` +
            "granted. Run egs-service with all the permission flags that docs/cli/README.md " +
            "lists, or pass --boot-id.",
          { cause: error },
        );
      }
      throw new Error(`Cannot read the boot id from ${path}; pass --boot-id to set it.`, {
        cause: error,
      });
    }
  }

  /** Returns now minus the uptime in `/proc/uptime`, as cloud-init computes the incarnation. */
  async readBootTime(): Promise<Date | undefined> {
    try {
      const text = await Deno.readTextFile(join(this.#procDir, "uptime"));
      const uptimeSeconds = Number(text.trim().split(/\s+/)[0]);
      if (!Number.isFinite(uptimeSeconds)) return undefined;
      return new Date(this.#now().getTime() - uptimeSeconds * 1000);
    } catch {
      return undefined;
    }
  }
}
