/**
 * Compares provisioning one seed (a host name, three users, three files, two
 * commands) with EGS and with Debian's cloud-init, end to end. EGS runs
 * `egs-service run --seed … --root …` on a fresh copy of the minbase root.
 * EGS is started in each way `egsLaunchers()` lists: the compiled binary or
 * the bundle as the service runs it, and the sources as a developer runs them.
 * cloud-init runs its four stages chrooted into a fresh copy of the cloud-init
 * root, in private mount, UTS and network namespaces. Copying the roots is not
 * timed. Each side is warmed up once, then both run the given number of
 * times, interleaved, and the medians of wall time and peak RSS are printed
 * with their ratios.
 *
 * Two references run in the same rounds (`_reference_agent.ts`). Each is the
 * least an agent on EGS's stack does for this seed. One reads it with yaml and
 * a zod schema of the seed's keys. The other reads it with EGS's own loader
 * and whole cloud-config schema, and reports its state over KVP. They show how much of
 * the targets the stack itself uses up. The script also prints what the
 * targets leave for everything else EGS does.
 *
 * Run as root: `deno run --allow-all tests/bench/provision_vs_cloud_init.ts [repetitions]`
 * (default 3). Needs GNU time (`/usr/bin/time`, Debian package `time`).
 * Nothing is written outside temporary folders and the test cache, and the
 * script checks that the host's host name and account files did not change.
 */

import { existsSync } from "node:fs";
import { join } from "node:path";
import { debianRootPath, ensureDebianRoot } from "../_support/debian_root.ts";
import { cloudInitVersion } from "./_cloud_init_schema.ts";
import {
  BENCH_META_DATA,
  BENCH_USER_DATA,
  checkProvisioned,
  egsLaunchers,
  type ProvisionRun,
  referenceLaunchers,
  runCloudInit,
  runEgs,
  writeSeed,
} from "./_provision_runs.ts";
import { median } from "./_validation_run.ts";

/** Minimum ratio of cloud-init's wall time to EGS's that the project aims for. */
const TARGET_SPEEDUP = 10;
/** Maximum ratio of EGS's peak RSS to cloud-init's that the project aims for. */
const TARGET_MEMORY_RATIO = 1.2;

const HOST_FILES = ["/etc/hostname", "/etc/passwd", "/etc/group", "/etc/shadow"];

async function snapshotHost(): Promise<string> {
  const parts = [Deno.hostname()];
  for (const path of HOST_FILES) parts.push(await Deno.readTextFile(path).catch(() => ""));
  return parts.join("\0");
}

function describe(label: string, runs: readonly ProvisionRun[]): string {
  const seconds = runs.map((run) => run.seconds.toFixed(2)).join(", ");
  const mib = runs.map((run) => (run.peakKib / 1024).toFixed(0)).join(", ");
  return `${label.padEnd(60)} median ${median(runs.map((r) => r.seconds)).toFixed(2)} s ` +
    `(runs: ${seconds}); peak RSS median ${
      (median(runs.map((r) => r.peakKib)) / 1024).toFixed(1)
    } MiB (runs: ${mib})`;
}

/** Describes the time and memory left under the targets; negative amounts are overruns. */
function describeLeft(seconds: number, kib: number): string {
  const time = seconds >= 0
    ? `${(seconds * 1000).toFixed(0)} ms`
    : `nothing, the reference is ${(-seconds * 1000).toFixed(0)} ms over the time target`;
  const memory = kib >= 0
    ? `${(kib / 1024).toFixed(1)} MiB`
    : `nothing, the reference is ${(-kib / 1024).toFixed(1)} MiB over the memory target`;
  return `time ${time}; memory ${memory}`;
}

async function main(): Promise<void> {
  if (Deno.uid() !== 0) {
    console.log("provision_vs_cloud_init: skipped, needs root (chroot, unshare, useradd).");
    return;
  }
  if (!existsSync("/usr/bin/time")) {
    console.log("provision_vs_cloud_init: skipped, needs GNU time (apt-get install time).");
    return;
  }
  const repetitions = Number(Deno.args[0] ?? 3);
  await ensureDebianRoot({ variant: "minbase" });
  await ensureDebianRoot({ variant: "cloud-init" });
  const version = await cloudInitVersion(debianRootPath("cloud-init"));
  const cloudInitLabel = `cloud-init ${version}, 4 stages`;

  const hostBefore = await snapshotHost();
  const work = await Deno.makeTempDir({ prefix: "egs-bench-provision-" });
  try {
    const egs = await egsLaunchers(join(work, "bundle"));
    const references = await referenceLaunchers(join(work, "reference"));
    const launchers = [...egs, ...references];
    const seedDir = join(work, "seed");
    await writeSeed(seedDir, BENCH_USER_DATA, BENCH_META_DATA);
    const egsRuns: ProvisionRun[][] = launchers.map(() => []);
    const cloudInitRuns: ProvisionRun[] = [];

    // Round 0 is the warm-up and is not counted.
    for (let round = 0; round <= repetitions; round++) {
      for (const [index, launcher] of launchers.entries()) {
        const egsRoot = join(work, `egs-${round}-${index}`);
        const run = await runEgs(launcher, egsRoot, seedDir);
        await checkProvisioned(launcher.label, egsRoot);
        await Deno.remove(egsRoot, { recursive: true });
        if (round > 0) egsRuns[index].push(run);
      }

      const cloudInitRoot = join(work, `cloud-init-${round}`);
      const cloudInit = await runCloudInit(cloudInitRoot, BENCH_USER_DATA, BENCH_META_DATA);
      await checkProvisioned("cloud-init", cloudInitRoot);
      await Deno.remove(cloudInitRoot, { recursive: true });

      if (round === 0) console.log(`cloud-init stage exit codes:\n${cloudInit.stdout.trimEnd()}`);
      if (round > 0) cloudInitRuns.push(cloudInit);
    }

    if (await snapshotHost() !== hostBefore) {
      throw new Error("The host's host name or account files changed during the benchmark.");
    }

    console.log(`Provisioning one seed, ${repetitions} runs after 1 warm-up, root copies untimed:`);
    console.log("  " + describe(cloudInitLabel, cloudInitRuns));
    const cloudInitSeconds = median(cloudInitRuns.map((r) => r.seconds));
    const cloudInitPeak = median(cloudInitRuns.map((r) => r.peakKib));
    for (const [index, launcher] of launchers.entries()) {
      if (index === egs.length) console.log("  References on EGS's stack, bundled like EGS:");
      const prefix = index < egs.length ? "EGS, " : "reference ";
      const runs = egsRuns[index];
      const speedup = cloudInitSeconds / median(runs.map((r) => r.seconds));
      const memoryRatio = median(runs.map((r) => r.peakKib)) / cloudInitPeak;
      console.log("  " + describe(`${prefix}${launcher.label}`, runs));
      console.log(
        `    wall time cloud-init / this: ${speedup.toFixed(1)}x ` +
          `(target: at least ${TARGET_SPEEDUP}x); ` +
          `peak RSS this / cloud-init: ${memoryRatio.toFixed(2)}x ` +
          `(target: at most ${TARGET_MEMORY_RATIO}x)`,
      );
    }

    const [, requiredReference] = references;
    const required = egsRuns[launchers.indexOf(requiredReference)];
    const timeLeft = cloudInitSeconds / TARGET_SPEEDUP - median(required.map((r) => r.seconds));
    const memoryLeft = cloudInitPeak * TARGET_MEMORY_RATIO - median(required.map((r) => r.peakKib));
    console.log(
      `  What the targets leave above the "required" reference for everything else EGS does`,
    );
    console.log(
      `  (datasources, state, semaphores, logs, events): ${describeLeft(timeLeft, memoryLeft)}.`,
    );
  } finally {
    await Deno.remove(work, { recursive: true });
  }
}

await main();
