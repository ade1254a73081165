/**
 * The script that tests run for egs-service or egs-tool: the sources by
 * default, or the bundles of `deno task bundle` when `EGS_TEST_BUNDLE_DIR`
 * names their folder (`dist/bundle`), so the whole suite can check a bundle.
 */

import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { REPO_ROOT } from "./shared.ts";

/** Absolute path of the main script of `binary`. */
export function mainScript(binary: "service" | "tool"): string {
  const bundleDir = Deno.env.get("EGS_TEST_BUNDLE_DIR");
  if (bundleDir === undefined || bundleDir === "") return join(REPO_ROOT, "src", binary, "main.ts");
  const main = join(resolve(REPO_ROOT, bundleDir), `egs-${binary}`, "main.js");
  if (!existsSync(main)) {
    throw new Error(
      `EGS_TEST_BUNDLE_DIR=${bundleDir} has no ${main}. Run deno task bundle, or unset it.`,
    );
  }
  return main;
}
