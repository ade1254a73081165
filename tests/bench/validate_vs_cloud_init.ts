/**
 * Compares the wall time of validating cloud-init's module examples with
 * `egs-service validate` (one process for the whole folder) and with Debian's
 * `cloud-init schema -c` (one process per file, in the cached cloud-init root).
 * Each side is warmed up once, then both run the given number of times,
 * interleaved, and the medians are printed with their ratio. For reference it
 * also times cloud-init's schema functions called for all files in one python3
 * process, which leaves out the start-up cost paid per file.
 *
 * Run as root: `deno run --allow-all tests/bench/validate_vs_cloud_init.ts [repetitions]`
 * (default 3). The corpus is read from `EGS_SHARED_DIR` (default `../shared`).
 * Nothing is written outside temporary folders and the test cache.
 */

import { existsSync } from "node:fs";
import { join } from "node:path";
import { ensureDebianRoot } from "../_support/debian_root.ts";
import { REPO_ROOT, sharedPath } from "../_support/shared.ts";
import { cloudInitVersion, runCloudInitSchema } from "./_cloud_init_schema.ts";
import { type EgsLauncher, runEgsValidate } from "./_egs_validate.ts";
import { medianRun, type ValidationRun } from "./_validation_run.ts";

/** Minimum ratio of cloud-init's time to EGS's time that the project aims for. */
const TARGET_SPEEDUP = 10;

function egsLaunchers(): EgsLauncher[] {
  const launchers: EgsLauncher[] = [{
    label: "egs-service validate, deno run (1 process)",
    argv: [Deno.execPath(), "run", "--allow-all", join(REPO_ROOT, "src", "service", "main.ts")],
  }];
  const binary = join(REPO_ROOT, "dist", "egs-service");
  if (existsSync(binary)) {
    launchers.push({ label: "egs-service validate, dist/egs-service (1 process)", argv: [binary] });
  }
  return launchers;
}

async function corpusFileNames(corpusDir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(corpusDir)) {
    if (entry.isFile) names.push(entry.name);
  }
  return names.sort();
}

function describe(label: string, runs: readonly ValidationRun[]): string {
  const middle = medianRun(runs);
  const all = runs.map((run) => run.seconds.toFixed(2)).join(", ");
  return `${label.padEnd(56)} median ${middle.seconds.toFixed(2).padStart(7)} s ` +
    `(runs: ${all})  accepted ${middle.accepted}, rejected ${middle.rejected}`;
}

// The two validators need not agree: cloud-init's schema is from its own
// release, and the examples may use keys added later.
function printDisagreements(label: string, egs: ValidationRun, cloudInit: ValidationRun): void {
  const onlyCloudInit = cloudInit.rejectedNames.filter((name) => !egs.rejectedNames.includes(name));
  const onlyEgs = egs.rejectedNames.filter((name) => !cloudInit.rejectedNames.includes(name));
  console.log(`Verdicts that differ from cloud-init (${label}):`);
  console.log(`  rejected by cloud-init only: ${onlyCloudInit.join(", ") || "none"}`);
  console.log(`  rejected by EGS only: ${onlyEgs.join(", ") || "none"}`);
}

/** Timed runs of every validator, and the launchers that could not run. */
interface Measurements {
  launchers: EgsLauncher[];
  egsRuns: ValidationRun[][];
  cloudInitRuns: ValidationRun[];
  cloudInitOneProcessRuns: ValidationRun[];
  unavailable: string[];
}

async function measure(
  root: string,
  corpusDir: string,
  fileNames: string[],
  repetitions: number,
): Promise<Measurements> {
  // The warm-up runs also find out which launchers work, so a missing command
  // is reported once and the cloud-init side is still measured.
  const launchers: EgsLauncher[] = [];
  const unavailable: string[] = [];
  for (const launcher of egsLaunchers()) {
    await runEgsValidate(launcher, corpusDir).then(
      () => launchers.push(launcher),
      (error: Error) => unavailable.push(`${launcher.label}: ${error.message}`),
    );
  }
  await runCloudInitSchema(root, corpusDir, fileNames);
  await runCloudInitSchema(root, corpusDir, fileNames, "one-process");

  const egsRuns = launchers.map(() => [] as ValidationRun[]);
  const cloudInitRuns: ValidationRun[] = [];
  const cloudInitOneProcessRuns: ValidationRun[] = [];
  for (let repetition = 0; repetition < repetitions; repetition++) {
    for (const [index, launcher] of launchers.entries()) {
      egsRuns[index].push(await runEgsValidate(launcher, corpusDir));
    }
    cloudInitRuns.push(await runCloudInitSchema(root, corpusDir, fileNames));
    cloudInitOneProcessRuns.push(
      await runCloudInitSchema(root, corpusDir, fileNames, "one-process"),
    );
  }
  return { launchers, egsRuns, cloudInitRuns, cloudInitOneProcessRuns, unavailable };
}

function printResults(measurements: Measurements, fileCount: number): void {
  const { launchers, egsRuns, cloudInitRuns, cloudInitOneProcessRuns } = measurements;
  console.log(describe(`cloud-init schema -c, chroot (${fileCount} processes)`, cloudInitRuns));
  // Not the comparison the target is about: it shows how much of cloud-init's
  // time is spent starting Python and loading the schema for every file.
  console.log(
    describe("cloud-init schema functions, chroot python3 (1 process)", cloudInitOneProcessRuns),
  );

  for (const [index, launcher] of launchers.entries()) {
    const egsSeconds = medianRun(egsRuns[index]).seconds;
    const ratio = medianRun(cloudInitRuns).seconds / egsSeconds;
    const oneProcessRatio = medianRun(cloudInitOneProcessRuns).seconds / egsSeconds;
    const verdict = ratio >= TARGET_SPEEDUP ? "meets" : "misses";
    console.log(describe(launcher.label, egsRuns[index]));
    console.log(
      `  cloud-init / EGS: ${ratio.toFixed(1)}x (${verdict} the ${TARGET_SPEEDUP}x target)`,
    );
    console.log(`  cloud-init in 1 process / EGS: ${oneProcessRatio.toFixed(1)}x`);
  }

  for (const [index, launcher] of launchers.entries()) {
    printDisagreements(launcher.label, medianRun(egsRuns[index]), medianRun(cloudInitRuns));
  }
  for (const message of measurements.unavailable) console.log(`Not measured: ${message}`);
}

async function main(): Promise<number> {
  const corpusDir = sharedPath("corpus", "cloud-init", "module-examples");
  if (corpusDir === undefined || !existsSync(corpusDir)) {
    console.log("Skipped: the cloud-init module examples were not found; set EGS_SHARED_DIR.");
    return 0;
  }
  const repetitions = Number(Deno.args[0] ?? 3);
  if (!Number.isInteger(repetitions) || repetitions < 1) {
    console.error(`Invalid repetitions "${Deno.args[0]}": expected a whole number of at least 1.`);
    return 2;
  }

  const fileNames = await corpusFileNames(corpusDir);
  const root = await ensureDebianRoot({ variant: "cloud-init" });
  const version = await cloudInitVersion(root);

  const measurements = await measure(root, corpusDir, fileNames, repetitions);

  console.log(
    `validate vs cloud-init schema: ${fileNames.length} files in ${corpusDir}; ` +
      `median of ${repetitions} runs after 1 warm-up; cloud-init ${version}, Deno ${Deno.version.deno}`,
  );
  printResults(measurements, fileNames.length);
  return measurements.unavailable.length > 0 || measurements.launchers.length === 0 ? 1 : 0;
}

if (import.meta.main) {
  Deno.exit(await main());
}
