/**
 * `deno task bench`: runs every benchmark script in this folder one after
 * another, with their output passed through, then prints one line per script
 * with its wall time and exit code. Files whose names start with `_` are
 * helpers and are skipped, as is this runner. Exits 1 when any script failed.
 */

import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Result of running one benchmark script. */
export interface BenchmarkResult {
  name: string;
  seconds: number;
  code: number;
}

/** Returns the benchmark scripts in `dir`, sorted by name: `*.ts` except helpers and `run_all.ts`. */
export async function benchmarkScripts(dir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const isScript = entry.isFile && entry.name.endsWith(".ts") && !entry.name.startsWith("_");
    if (isScript && entry.name !== "run_all.ts" && !entry.name.endsWith("_test.ts")) {
      names.push(entry.name);
    }
  }
  return names.sort();
}

async function runScript(dir: string, name: string): Promise<BenchmarkResult> {
  console.log(`\n=== ${name}`);
  const started = performance.now();
  const status = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", join(dir, name)],
    stdin: "null",
    stdout: "inherit",
    stderr: "inherit",
  }).spawn().status;
  return { name, seconds: (performance.now() - started) / 1000, code: status.code };
}

if (import.meta.main) {
  const dir = dirname(fileURLToPath(import.meta.url));
  const results: BenchmarkResult[] = [];
  for (const name of await benchmarkScripts(dir)) {
    results.push(await runScript(dir, name));
  }

  console.log("\n=== Summary");
  for (const result of results) {
    const outcome = result.code === 0 ? "ok" : `failed (exit code ${result.code})`;
    console.log(`${result.name.padEnd(40)} ${result.seconds.toFixed(1).padStart(7)} s  ${outcome}`);
  }
  Deno.exit(results.some((result) => result.code !== 0) ? 1 : 0);
}
