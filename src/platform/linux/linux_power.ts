/**
 * Reboot and shutdown on Linux with `systemctl`. Under `--root` the machine
 * running the agent is not the target, so requests are only recorded.
 */

import { getLogger } from "../../log/logging.ts";
import type { Power, Processes } from "../types.ts";
import { runChecked } from "./_run_checked.ts";

/** One power request that was recorded instead of performed. */
export interface RecordedPowerRequest {
  action: "reboot" | "poweroff" | "halt";
  reason: string;
}

/** Options of {@linkcode LinuxPower}. */
export interface LinuxPowerOptions {
  /** Runs `systemctl`; never called when `hostIsolated` is set. */
  processes: Processes;
  hostIsolated: boolean;
}

/** Reboots, powers off or halts a live system; records the request under `--root`. */
export class LinuxPower implements Power {
  /** Requests recorded under `--root`, oldest first. */
  readonly recorded: RecordedPowerRequest[] = [];
  readonly #options: LinuxPowerOptions;

  constructor(options: LinuxPowerOptions) {
    this.#options = options;
  }

  /** Runs `systemctl reboot`, or records the request under `--root`. */
  reboot(reason: string): Promise<void> {
    return this.#act("reboot", reason);
  }

  /** Runs `systemctl poweroff`, or records the request under `--root`. */
  powerOff(reason: string): Promise<void> {
    return this.#act("poweroff", reason);
  }

  /** Runs `systemctl halt`, or records the request under `--root`. */
  halt(reason: string): Promise<void> {
    return this.#act("halt", reason);
  }

  async #act(action: RecordedPowerRequest["action"], reason: string): Promise<void> {
    const log = getLogger("platform", "power");
    if (this.#options.hostIsolated) {
      this.recorded.push({ action, reason });
      log.info("Recorded {action}, not performed under --root: {reason}", { action, reason });
      return;
    }
    log.info("Requesting {action}: {reason}", { action, reason });
    await runChecked(
      this.#options.processes,
      ["systemctl", action],
      action,
      "Check that systemd is running and that the agent runs as root.",
    );
  }
}
