/**
 * Measures the EGS daemon's resident memory: idle after start-up and three
 * connections, the peak while waves of concurrent sessions stream data, and
 * idle again after those waves, so growth across many connections shows.
 */

import { startDaemon } from "../ssh/_daemon_harness.ts";
import { median, residentMib, type SshTarget, timeConnect } from "./_ssh_timing.ts";
import { clientOptions } from "./_ssh_timing.ts";
import { describeEnvironment } from "../../.ci/unit_environment.ts";

const MIB = 1 << 20;

/** Resident memory of one daemon run, in MiB. */
export interface MemoryResult {
  idleMib: number;
  peakMib: number;
  afterMib: number;
  sessions: number;
  failedSessions: number;
  /** Whether the daemon was still running at the end. */
  alive: boolean;
  connectSeconds: number;
}

/** Shape of the loaded phase. */
export interface LoadShape {
  waves: number;
  concurrent: number;
  bytesPerSession: number;
}

/** Starts a daemon with the extra environment `env` and measures its memory under `load`. */
export async function measureDaemonMemory(
  env: Record<string, string>,
  load: LoadShape,
): Promise<MemoryResult> {
  const daemon = await startDaemon({ env });
  const target: SshTarget = {
    name: "EGS",
    socket: daemon.socket,
    user: "egs",
    clientKey: daemon.clientKey,
    workDir: daemon.dir,
  };
  const pid = daemon.process.pid;
  try {
    const connects: number[] = [];
    for (let i = 0; i < 3; i++) connects.push(await timeConnect(target));
    await settle();
    const idleMib = await residentMib(pid);

    let peakMib = idleMib;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        peakMib = Math.max(peakMib, await residentMib(pid).catch(() => 0));
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    let failedSessions = 0;
    for (let wave = 0; wave < load.waves; wave++) {
      const sessions = Array.from({ length: load.concurrent }, () => stream(target, load));
      failedSessions += (await Promise.all(sessions)).filter((ok) => !ok).length;
    }
    sampling = false;
    await sampler;

    let alive = true;
    let afterMib = 0;
    try {
      await settle();
      afterMib = await residentMib(pid);
    } catch {
      alive = false;
    }
    return {
      idleMib,
      peakMib,
      afterMib,
      sessions: load.waves * load.concurrent,
      failedSessions,
      alive,
      connectSeconds: median(connects),
    };
  } finally {
    await daemon.stop();
  }
}

/** Runs one session that streams `bytesPerSession` to the client; resolves whether it succeeded. */
async function stream(target: SshTarget, load: LoadShape): Promise<boolean> {
  const output = await new Deno.Command("ssh", {
    args: [...clientOptions(target), "egs@bench", `head -c ${load.bytesPerSession} /dev/zero`],
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).output();
  return output.success;
}

/** Gives the garbage collector and closed sessions a moment before reading idle memory. */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 1500));
}

function printMemory(label: string, result: MemoryResult): void {
  console.log(
    `  ${label.padEnd(44)} idle ${result.idleMib.toFixed(1)} MiB, peak ${
      result.peakMib.toFixed(1)
    } MiB, after ${result.afterMib.toFixed(1)} MiB, ${result.failedSessions}/${result.sessions} ` +
      `sessions failed, daemon ${result.alive ? "alive" : "GONE"}`,
  );
}

/** Measures and prints the daemon's memory with default settings and with `unitEnv`; returns whether the latter failed. */
export async function reportMemory(unitEnv: Record<string, string>): Promise<boolean> {
  let failed = false;
  const load = { waves: 10, concurrent: 20, bytesPerSession: 16 * MIB };
  console.log(
    `\ndaemon memory, ${load.waves} waves of ${load.concurrent} concurrent sessions streaming ` +
      `${load.bytesPerSession / MIB} MiB each:`,
  );
  for (const env of [{}, unitEnv]) {
    const result = await measureDaemonMemory(env, load);
    printMemory(describeEnvironment(env), result);
    if (env === unitEnv) failed ||= !result.alive || result.failedSessions > 0;
  }
  return failed;
}
