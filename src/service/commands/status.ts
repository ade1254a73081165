/**
 * `egs-service status`: prints the state of the last provisioning run from
 * `state.json`. With `--wait` it polls until the run completes or fails;
 * `--timeout` bounds the wait (exit code 3 when it runs out).
 */

import { join } from "../../path/path.ts";
import { EgsError } from "../../errors.ts";
import { ExitCode } from "../../exit_codes.ts";
import { resolveAgentPaths } from "../../provisioning/agent/agent_paths.ts";
import {
  type ProvisioningState,
  readProvisioningState,
} from "../../provisioning/provisioning_state.ts";

/** Options of {@linkcode statusCommand}, as the command line sets them. */
export interface StatusOptions {
  root?: string;
  stateDir?: string;
  wait?: boolean;
  /** Seconds to wait at most; unset waits without limit. */
  timeout?: number;
  format: "text" | "json";
  /** Milliseconds between polls while waiting; 1000 when unset. */
  pollMilliseconds?: number;
}

/** Status of a state directory where no run has written state yet. */
export const NOT_STARTED = "not-started";

const TERMINAL = new Set(["completed", "failed"]);

// The runner writes this file under the state directory (see StatePaths).
const STATE_FILE = "state.json";

/**
 * Prints the provisioning status. Exit code 0, or 1 when the last run
 * failed; 3 when `--wait --timeout` runs out first.
 */
export async function statusCommand(options: StatusOptions): Promise<void> {
  const stateFile = join(resolveAgentPaths(options).stateDir, STATE_FILE);
  let state = await readProvisioningState(stateFile);

  if (options.wait) {
    const deadline = options.timeout === undefined
      ? Infinity
      : performance.now() + options.timeout * 1000;
    const interval = options.pollMilliseconds ?? 1000;
    while (state === undefined || !TERMINAL.has(state.status)) {
      const remaining = deadline - performance.now();
      if (remaining <= 0) {
        console.log(formatStatus(state, options.format));
        throw new EgsError(
          `Provisioning did not finish within ${options.timeout} s (status ${
            state?.status ?? NOT_STARTED
          }). Wait longer with a larger --timeout.`,
          ExitCode.Timeout,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(interval, remaining)));
      state = await readProvisioningState(stateFile);
    }
  }

  console.log(formatStatus(state, options.format));
  if (state?.status === "failed") Deno.exitCode = ExitCode.Failure;
}

/** Formats a state as `status` prints it; `undefined` means no run has written state. */
export function formatStatus(
  state: ProvisioningState | undefined,
  format: "text" | "json",
): string {
  if (format === "json") {
    return JSON.stringify(state ?? { status: NOT_STARTED }, null, 2);
  }
  if (state === undefined) return `status: ${NOT_STARTED}`;
  const lines = [
    `status: ${state.status}`,
    `instance: ${state.instanceId}`,
    `boot: ${state.bootId}`,
  ];
  if (state.stage !== undefined) lines.push(`stage: ${state.stage}`);
  lines.push(`started: ${state.startedAt}`);
  if (state.finishedAt !== undefined) lines.push(`finished: ${state.finishedAt}`);
  if (state.rebootPending !== undefined) {
    lines.push(
      `reboot pending: requested by ${state.rebootPending.module} (${state.rebootPending.reason})`,
    );
  }
  const modules = Object.entries(state.modules);
  if (modules.length > 0) {
    lines.push("modules:");
    for (const [name, record] of modules) {
      const message = record.message === undefined ? "" : `: ${record.message}`;
      lines.push(`  ${record.stage}/${name}: ${record.result}${message}`);
    }
  }
  for (const error of state.errors) lines.push(`error: ${error}`);
  for (const warning of state.warnings ?? []) lines.push(`warning: ${warning}`);
  return lines.join("\n");
}
