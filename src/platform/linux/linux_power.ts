/**
 * Reboot and shutdown on Linux with `systemctl`, or `shutdown` for a delayed
 * action. Under `--root` the machine running the agent is not the target, so
 * requests are only recorded.
 */

import { getLogger } from "../../log/logging.ts";
import type { Power, PowerOptions, Processes } from "../types.ts";
import { runChecked } from "./_run_checked.ts";

/** One power request that was recorded instead of performed. */
export interface RecordedPowerRequest {
  action: "reboot" | "poweroff" | "halt";
  reason: string;
  /** Set when the request asked for a delay. */
  delayMinutes?: number;
}

/** Options of {@linkcode LinuxPower}. */
export interface LinuxPowerOptions {
  /** Runs `systemctl` and `shutdown`; never called when `hostIsolated` is set. */
  processes: Processes;
  hostIsolated: boolean;
}

const SHUTDOWN_FLAGS: Record<RecordedPowerRequest["action"], string> = {
  reboot: "-r",
  poweroff: "-P",
  halt: "-H",
};

/** Reboots, powers off or halts a live system; records the request under `--root`. */
export class LinuxPower implements Power {
  /** Requests recorded under `--root`, oldest first. */
  readonly recorded: RecordedPowerRequest[] = [];
  readonly #options: LinuxPowerOptions;

  constructor(options: LinuxPowerOptions) {
    this.#options = options;
  }

  /** Runs `systemctl reboot` (`shutdown -r +N` with a delay), or records the request under `--root`. */
  reboot(reason: string, options?: PowerOptions): Promise<void> {
    return this.#act("reboot", reason, options);
  }

  /** Runs `systemctl poweroff` (`shutdown -P +N` with a delay), or records the request under `--root`. */
  powerOff(reason: string, options?: PowerOptions): Promise<void> {
    return this.#act("poweroff", reason, options);
  }

  /** Runs `systemctl halt` (`shutdown -H +N` with a delay), or records the request under `--root`. */
  halt(reason: string, options?: PowerOptions): Promise<void> {
    return this.#act("halt", reason, options);
  }

  async #act(
    action: RecordedPowerRequest["action"],
    reason: string,
    options: PowerOptions = {},
  ): Promise<void> {
    const log = getLogger("platform", "power");
    const delayMinutes = options.delayMinutes ?? 0;
    if (this.#options.hostIsolated) {
      this.recorded.push(delayMinutes > 0 ? { action, reason, delayMinutes } : { action, reason });
      log.info("Recorded {action}, not performed under --root: {reason}", {
        action,
        reason,
        delayMinutes,
      });
      return;
    }
    log.info("Requesting {action} in {delayMinutes} minutes: {reason}", {
      action,
      reason,
      delayMinutes,
    });
    // shutdown schedules a delayed action with systemd and returns at once,
    // so the agent finishes its run before the machine goes down.
    const argv = delayMinutes > 0
      ? ["shutdown", SHUTDOWN_FLAGS[action], `+${delayMinutes}`, reason]
      : ["systemctl", action];
    await runChecked(
      this.#options.processes,
      argv,
      action,
      "Check that systemd is running and that the agent runs as root.",
    );
  }
}
