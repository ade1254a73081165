/**
 * `deno task bundle`: writes each binary's module graph, npm packages
 * included, as a few JavaScript files under `dist/bundle/<binary>/`, with
 * `main.js` as the entry. Each command's module stays a chunk of its own that
 * is loaded on first use. `deno task compile` compiles these bundles, and
 * `deno run` runs them like the sources, with the same permission flags.
 *
 * A bundle starts faster than the sources, because deno reads a few files
 * instead of hundreds of modules and resolves no npm package at run time.
 * It also keeps `egs-service run` on Linux free of `node:` modules. Loading
 * any of them starts Deno's Node compatibility layer, which made
 * `egs-service validate` of a short seed peak at 70 MiB instead of 49 MiB.
 */

import { basename, join } from "node:path";
import { pathToFileURL } from "node:url";

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

// yaml's Node build reads `node:process` and `node:buffer`. Its browser build,
// the same code compiled as plain ES modules, needs neither. The package
// exports that build only to runtimes that are not Node, which Deno's npm
// resolution never is, so the bundle maps `yaml` to its file.
const YAML_BROWSER_BUILD = "browser/index.js";

// logtape's formatter imports `node:util` for runtimes without `Deno.inspect`
// and uses `Deno.inspect` where it exists. The bundle gives that import the
// value of logtape's own Deno variant, so nothing changes at run time.
const LOGTAPE_NODE_UTIL = 'import util from "node:util";';
const LOGTAPE_DENO_UTIL =
  "const util = { inspect: (value, options) => Deno.inspect(value, options) };";

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
  const main = await bundleEntry(join(repoRoot, entry), outDir, repoRoot);
  if (!(await containsText(outDir, LOGTAPE_DENO_UTIL))) {
    throw new Error(
      `Cannot find logtape's "${LOGTAPE_NODE_UTIL}" in any chunk of ${outDir}. ` +
        "Update .ci/bundle.ts to the logtape version in deno.json.",
    );
  }
  return main;
}

/**
 * Bundles the module at `entry` (a `.ts` file) the way {@linkcode bundleBinary}
 * bundles a binary, into `outDir` (emptied first), and returns the path of the
 * entry's `.js` file there. The benchmarks bundle their reference programs with it,
 * so that both sides load their code alike.
 */
export async function bundleEntry(
  entry: string,
  outDir: string,
  repoRoot = join(import.meta.dirname!, ".."),
): Promise<string> {
  await Deno.remove(outDir, { recursive: true }).catch(() => {});
  const importMap = await writeBundleImportMap(repoRoot);
  try {
    await denoBundle(
      [
        "--platform",
        "deno",
        "--code-splitting",
        "--import-map",
        importMap,
        ...EXTERNAL.flatMap((pattern) => ["--external", pattern]),
        "--outdir",
        outDir,
        entry,
      ],
      repoRoot,
    );
  } finally {
    await Deno.remove(importMap);
  }
  await rewriteChunks(outDir);
  return join(outDir, basename(entry).replace(/\.ts$/, ".js"));
}

/**
 * Writes the imports of deno.json, with `yaml` pointing at the browser build
 * in deno's npm cache, to a temporary import map and returns its path.
 */
async function writeBundleImportMap(repoRoot: string): Promise<string> {
  const config = JSON.parse(await Deno.readTextFile(join(repoRoot, "deno.json")));
  const imports: Record<string, string> = config.imports;
  const version = /^npm:yaml@([^/]+)$/.exec(imports.yaml ?? "")?.[1];
  if (version === undefined) {
    throw new Error(
      `deno.json maps "yaml" to "${imports.yaml}", expected the form npm:yaml@VERSION. Give it that form.`,
    );
  }
  const packageDir = await npmPackageDir("yaml", version, repoRoot);
  const path = await Deno.makeTempFile({ prefix: "egs-bundle-", suffix: ".json" });
  const yaml = pathToFileURL(join(packageDir, YAML_BROWSER_BUILD)).href;
  await Deno.writeTextFile(path, JSON.stringify({ imports: { ...imports, yaml } }));
  return path;
}

/** Returns the folder of an npm package in deno's cache, fetching the package when missing. */
async function npmPackageDir(name: string, version: string, repoRoot: string): Promise<string> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", `npm:${name}@${version}`],
    cwd: repoRoot,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const info = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json"],
    cwd: repoRoot,
    stdout: "piped",
  }).output();
  if (!output.success || !info.success) {
    const printed = new TextDecoder().decode(output.stderr).trim();
    throw new Error(`Cannot find npm:${name}@${version} in deno's cache:\n${printed}`);
  }
  const { npmCache } = JSON.parse(new TextDecoder().decode(info.stdout));
  return join(npmCache, "registry.npmjs.org", name, version);
}

// deno bundle gives the chunk with esbuild's helpers a `require` made by
// `node:module` when the chunk loads. Every chunk imports the helpers, so
// every command would load the Node layer. This `require` makes its own on
// first call instead.
const EAGER_REQUIRE =
  'import { createRequire as __deno_internal_createRequire } from "node:module";\n' +
  "var __require = __deno_internal_createRequire(import.meta.url);\n";
const LAZY_REQUIRE = `var __egs_require;
function __egs_node_require() {
  return __egs_require ??= globalThis.process.getBuiltinModule("node:module")
    .createRequire(import.meta.url);
}
function __require(id) {
  return __egs_node_require()(id);
}
__require.resolve = (id, options) => __egs_node_require().resolve(id, options);
`;

// Chunks that use CommonJS's `__dirname` or `__filename` (ssh2 uses them for
// its WebAssembly Poly1305 and its Windows agent) get the values that deno
// provides for CommonJS modules, because ES modules have neither.
const COMMONJS_PATHS = "var __dirname = import.meta.dirname, __filename = import.meta.filename;\n";

/**
 * Rewrites the chunks that deno bundle wrote: defines `__dirname` and
 * `__filename` where a chunk uses them, makes the helpers' `require` lazy
 * ({@linkcode LAZY_REQUIRE}), and replaces logtape's `node:util` import.
 */
async function rewriteChunks(outDir: string): Promise<void> {
  for await (const entry of Deno.readDir(outDir)) {
    if (!entry.isFile || !entry.name.endsWith(".js")) continue;
    const path = join(outDir, entry.name);
    const original = await Deno.readTextFile(path);
    let text = original.replace(EAGER_REQUIRE, LAZY_REQUIRE);

    const logtape = text.indexOf("/@logtape/logtape/");
    if (logtape !== -1 && text.includes(LOGTAPE_NODE_UTIL, logtape)) {
      text = text.replace(LOGTAPE_NODE_UTIL, LOGTAPE_DENO_UTIL);
    }

    if (/\b__(dirname|filename)\b/.test(text)) text = COMMONJS_PATHS + text;
    if (text !== original) await Deno.writeTextFile(path, text);
  }
}

/** Tells whether any chunk in `outDir` contains `text`. */
async function containsText(outDir: string, text: string): Promise<boolean> {
  for await (const entry of Deno.readDir(outDir)) {
    if (!entry.isFile || !entry.name.endsWith(".js")) continue;
    if ((await Deno.readTextFile(join(outDir, entry.name))).includes(text)) return true;
  }
  return false;
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
