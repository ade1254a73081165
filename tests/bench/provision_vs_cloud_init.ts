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
  egsLaunchers,
  type ProvisionRun,
  runCloudInit,
  runEgs,
  writeSeed,
} from "./_provision_runs.ts";
import { median } from "./_validation_run.ts";

/** Minimum ratio of cloud-init's wall time to EGS's that the project aims for. */
const TARGET_SPEEDUP = 10;
/** Maximum ratio of EGS's peak RSS to cloud-init's that the project aims for. */
const TARGET_MEMORY_RATIO = 1.2;

const USER_DATA = `#cloud-config
hostname: bench-host
users:
  - name: alice
    shell: /bin/bash
  - name: bob
  - name: carol
write_files:
  - path: /etc/bench/one.txt
    content: "one\\n"
  - path: /etc/bench/two.txt
    content: "two\\n"
    permissions: "0600"
  - path: /etc/bench/three.txt
    content: "three\\n"
runcmd:
  - [sh, -c, "echo first > /var/tmp/bench-first"]
  - [sh, -c, "echo second > /var/tmp/bench-second"]
`;
const META_DATA = "instance-id: iid-bench-1\nlocal-hostname: bench-meta\n";

const HOST_FILES = ["/etc/hostname", "/etc/passwd", "/etc/group", "/etc/shadow"];

/** Throws when `root` lacks any result of the seed, so both sides are shown to do the same work. */
async function checkProvisioned(label: string, root: string): Promise<void> {
  const read = (path: string) => Deno.readTextFile(join(root, path)).catch(() => "");
  const passwd = await read("etc/passwd");
  const missing: string[] = [];
  for (const user of ["alice", "bob", "carol"]) {
    if (!passwd.split("\n").some((line) => line.startsWith(`${user}:`))) missing.push(user);
  }
  if ((await read("etc/hostname")).trim() !== "bench-host") missing.push("/etc/hostname");
  for (const name of ["one", "two", "three"]) {
    if ((await read(`etc/bench/${name}.txt`)) !== `${name}\n`) missing.push(`${name}.txt`);
  }
  if ((await read("var/tmp/bench-first")) !== "first\n") missing.push("first command");
  if ((await read("var/tmp/bench-second")) !== "second\n") missing.push("second command");
  if (missing.length > 0) {
    throw new Error(`${label} did not provision ${root}: missing ${missing.join(", ")}.`);
  }
}

async function snapshotHost(): Promise<string> {
  const parts = [Deno.hostname()];
  for (const path of HOST_FILES) parts.push(await Deno.readTextFile(path).catch(() => ""));
  return parts.join("\0");
}

function describe(label: string, runs: readonly ProvisionRun[]): string {
  const seconds = runs.map((run) => run.seconds.toFixed(2)).join(", ");
  const mib = runs.map((run) => (run.peakKib / 1024).toFixed(0)).join(", ");
  return `${label.padEnd(58)} median ${median(runs.map((r) => r.seconds)).toFixed(2)} s ` +
    `(runs: ${seconds}); peak RSS median ${
      (median(runs.map((r) => r.peakKib)) / 1024).toFixed(1)
    } MiB (runs: ${mib})`;
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
    const launchers = await egsLaunchers(join(work, "bundle"));
    const seedDir = join(work, "seed");
    await writeSeed(seedDir, USER_DATA, META_DATA);
    const egsRuns: ProvisionRun[][] = launchers.map(() => []);
    const cloudInitRuns: ProvisionRun[] = [];

    // Round 0 is the warm-up and is not counted.
    for (let round = 0; round <= repetitions; round++) {
      for (const [index, launcher] of launchers.entries()) {
        const egsRoot = join(work, `egs-${round}-${index}`);
        const egs = await runEgs(launcher, egsRoot, seedDir);
        await checkProvisioned("EGS", egsRoot);
        await Deno.remove(egsRoot, { recursive: true });
        if (round > 0) egsRuns[index].push(egs);
      }

      const cloudInitRoot = join(work, `cloud-init-${round}`);
      const cloudInit = await runCloudInit(cloudInitRoot, USER_DATA, META_DATA);
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
      const runs = egsRuns[index];
      const speedup = cloudInitSeconds / median(runs.map((r) => r.seconds));
      const memoryRatio = median(runs.map((r) => r.peakKib)) / cloudInitPeak;
      console.log("  " + describe(`EGS, ${launcher.label}`, runs));
      console.log(
        `    wall time cloud-init / EGS: ${
          speedup.toFixed(1)
        }x (target: at least ${TARGET_SPEEDUP}x); ` +
          `peak RSS EGS / cloud-init: ${memoryRatio.toFixed(2)}x ` +
          `(target: at most ${TARGET_MEMORY_RATIO}x)`,
      );
    }
  } finally {
    await Deno.remove(work, { recursive: true });
  }
}

await main();
