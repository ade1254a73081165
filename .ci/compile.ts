/**
 * `deno task compile`: builds dist/linux/egs-service, dist/linux/egs-tool and
 * their Windows `.exe` twins under dist/windows/ for x86_64, from the bundles
 * that `.ci/bundle.ts` writes, which load faster than the hundreds of source
 * modules. `deno compile` needs Deno's `denort` runtime for each target. It is
 * downloaded from dl.deno.land, which is not always reachable, so the runtime
 * can be supplied as a file: DENORT_BIN for the Linux target and
 * DENORT_BIN_WINDOWS for the Windows target. `--target linux|windows` (or
 * `--target=linux`) builds one. A Linux binary built on Linux must print its
 * version before the task counts it as built.
 */

import { existsSync } from "node:fs";
import { join } from "node:path";
import { SERVICE_PERMISSION_FLAGS, TOOL_PERMISSION_FLAGS } from "../src/permissions.ts";
import { bundleBinary, type BundledBinary } from "./bundle.ts";
import { unitEnvironment } from "./unit_environment.ts";

interface Target {
  name: "linux" | "windows";
  triple: string;
  runtimeVariable: string;
  suffix: string;
}

const TARGETS: Target[] = [
  { name: "linux", triple: "x86_64-unknown-linux-gnu", runtimeVariable: "DENORT_BIN", suffix: "" },
  {
    name: "windows",
    triple: "x86_64-pc-windows-msvc",
    runtimeVariable: "DENORT_BIN_WINDOWS",
    suffix: ".exe",
  },
];

const BINARIES: { name: BundledBinary; flags: readonly string[] }[] = [
  { name: "egs-service", flags: SERVICE_PERMISSION_FLAGS },
  { name: "egs-tool", flags: TOOL_PERMISSION_FLAGS },
];

// A compiled binary does not read DENO_V8_FLAGS, as Deno's issue tracker
// reports (not tried here), so the Linux egs-service gets the systemd unit's
// flags built in. The Windows service has no such setting yet.
const { DENO_V8_FLAGS } = await unitEnvironment();

/** Returns the flags `deno compile` gets for `binary` on `target`. */
function compileFlags(binary: (typeof BINARIES)[number], target: Target): readonly string[] {
  const linuxService = binary.name === "egs-service" && target.name === "linux";
  return linuxService ? [...binary.flags, `--v8-flags=${DENO_V8_FLAGS}`] : binary.flags;
}

function selectedTargets(args: string[]): Target[] {
  const joined = args.find((arg) => arg.startsWith("--target="));
  const index = args.indexOf("--target");
  if (joined === undefined && index === -1) return TARGETS;

  const requested = joined?.slice("--target=".length) ?? args[index + 1];
  const target = TARGETS.find((candidate) => candidate.name === requested);
  if (target === undefined) {
    const value = requested === undefined ? "no value" : `"${requested}"`;
    console.error(`Invalid --target: ${value}. Expected linux or windows.`);
    Deno.exit(2);
  }
  return [target];
}

/** Runs a freshly built Linux binary with `--version` and returns whether it printed its own name. */
async function printsVersion(output: string, name: string): Promise<boolean> {
  const result = await new Deno.Command(output, { args: ["--version"], stdout: "piped" }).output()
    .catch(() => undefined);
  const printed = result === undefined ? "" : new TextDecoder().decode(result.stdout);
  if (result?.success && printed.startsWith(`${name} `)) return true;
  const firstLine = printed.split("\n")[0];
  console.error(
    `${output} --version printed "${firstLine}" instead of "${name} <version>". ` +
      "The denort runtime is probably the wrong one: check DENORT_BIN.",
  );
  return false;
}

async function compile(target: Target, runtime: string | undefined): Promise<boolean> {
  for (const binary of BINARIES) {
    const output = `dist/${target.name}/${binary.name}${target.suffix}`;
    const args = [
      "compile",
      "--target",
      target.triple,
      ...compileFlags(binary, target),
      "--output",
      output,
      join("dist", "bundle", binary.name, "main.js"),
    ];
    console.error(`Compiling ${output}`);
    const env: Record<string, string> = runtime === undefined ? {} : { DENORT_BIN: runtime };
    const status = await new Deno.Command(Deno.execPath(), { args, env }).spawn().status;
    if (!status.success) {
      console.error(`deno compile failed for ${output} (exit ${status.code}).`);
      return false;
    }
    const runsHere = target.name === "linux" && Deno.build.os === "linux";
    if (runsHere && !await printsVersion(output, binary.name)) return false;
  }
  return true;
}

const targets = selectedTargets(Deno.args);
let bundled = false;
let failed = false;
for (const target of targets) {
  const runtime = Deno.env.get(target.runtimeVariable);
  if (runtime !== undefined && !existsSync(runtime)) {
    console.error(`${target.runtimeVariable}=${runtime} does not exist.`);
    failed = true;
    continue;
  }
  if (runtime === undefined && Deno.env.get("EGS_COMPILE_DOWNLOAD") !== "1") {
    console.error(
      `Missing the denort runtime for ${target.triple}: set ${target.runtimeVariable} to a denort ` +
        `2.9.6 binary for that target, or set EGS_COMPILE_DOWNLOAD=1 to let deno compile ` +
        `download it from dl.deno.land.`,
    );
    failed = true;
    continue;
  }
  if (!bundled) {
    for (const binary of BINARIES) {
      await bundleBinary(binary.name, join("dist", "bundle", binary.name), Deno.cwd());
    }
    bundled = true;
  }
  if (!await compile(target, runtime)) failed = true;
}
Deno.exit(failed ? 1 : 0);
