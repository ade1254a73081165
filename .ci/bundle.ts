/**
 * `deno task bundle`: writes each binary's module graph, npm packages
 * included, as a few JavaScript files under `dist/bundle/<binary>/`, with
 * `main.js` as the entry. Each command's module stays a chunk of its own that
 * is loaded on first use. `deno task compile` compiles these bundles, and
 * `deno run` runs them like the sources, with the same permission flags.
 *
 * A bundle starts faster than the sources, because deno reads a few files
 * instead of hundreds of modules and resolves no npm package at run time.
 */

import { join } from "node:path";

/** The binaries and their entry modules. */
export const BUNDLED_BINARIES = [
  { name: "egs-service", entry: "src/service/main.ts" },
  { name: "egs-tool", entry: "src/tool/main.ts" },
] as const;

export type BundledBinary = (typeof BUNDLED_BINARIES)[number]["name"];

// ssh2 and its optional cpu-features dependency load native add-ons inside
// try/catch and fall back to JavaScript. The bundle leaves those requires
// unresolved, so the fallback runs as it does from source.
const EXTERNAL = ["*.node", "cpu-features"];

/**
 * Bundles `binary` into `outDir` (emptied first) and returns the path of its
 * `main.js`. Throws with deno's output when bundling fails. The first bundle
 * on a machine downloads esbuild from the npm registry.
 */
export async function bundleBinary(
  binary: BundledBinary,
  outDir: string,
  repoRoot = join(import.meta.dirname!, ".."),
): Promise<string> {
  const { entry } = BUNDLED_BINARIES.find((candidate) => candidate.name === binary)!;
  await Deno.remove(outDir, { recursive: true }).catch(() => {});
  await denoBundle(
    [
      "--platform",
      "deno",
      "--code-splitting",
      ...EXTERNAL.flatMap((pattern) => ["--external", pattern]),
      "--outdir",
      outDir,
      join(repoRoot, entry),
    ],
    repoRoot,
  );
  await defineCommonJsPaths(outDir);
  return join(outDir, "main.js");
}

/**
 * Gives chunks that use CommonJS's `__dirname` or `__filename` (ssh2 uses
 * them for its WebAssembly Poly1305 and its Windows agent) the values that
 * deno provides for CommonJS modules, because ES modules have neither.
 */
async function defineCommonJsPaths(outDir: string): Promise<void> {
  const prologue = "var __dirname = import.meta.dirname, __filename = import.meta.filename;\n";
  for await (const entry of Deno.readDir(outDir)) {
    if (!entry.isFile || !entry.name.endsWith(".js")) continue;
    const path = join(outDir, entry.name);
    const text = await Deno.readTextFile(path);
    if (/\b__(dirname|filename)\b/.test(text)) await Deno.writeTextFile(path, prologue + text);
  }
}

/**
 * Bundles a one-line module, so that deno downloads esbuild into its cache
 * now. The test setup calls it, and the tests then bundle without a download.
 */
export async function fetchBundler(): Promise<void> {
  const work = await Deno.makeTempDir({ prefix: "egs-bundler-" });
  try {
    const entry = join(work, "entry.ts");
    await Deno.writeTextFile(entry, "console.log(1);\n");
    await denoBundle(["--outdir", join(work, "out"), entry], join(import.meta.dirname!, ".."));
  } finally {
    await Deno.remove(work, { recursive: true });
  }
}

/** Runs `deno bundle --quiet` with `args` in `cwd`, and throws with deno's output when it fails. */
async function denoBundle(args: string[], cwd: string): Promise<void> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["bundle", "--quiet", ...args],
    cwd,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!output.success) {
    const printed = new TextDecoder().decode(output.stderr).trim();
    throw new Error(`deno bundle ${args.at(-1)} failed (exit ${output.code}):\n${printed}`);
  }
}

if (import.meta.main) {
  for (const { name } of BUNDLED_BINARIES) {
    const main = await bundleBinary(name, join("dist", "bundle", name), Deno.cwd());
    console.error(`Bundled ${main}`);
  }
}
