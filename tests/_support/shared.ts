/**
 * Access to the shared corpus and field cases that live beside the repository.
 * Tests find them through `EGS_SHARED_DIR` (default `../shared`); where the
 * folder is absent, tests that need it are registered as ignored and one line
 * says why, so a plain clone still passes.
 */

import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repositoryRoot = resolve(fileURLToPath(new URL("../..", import.meta.url)));

/** Absolute path of the repository checkout. */
export const REPO_ROOT = repositoryRoot;

/** Returns the shared folder, or undefined when it does not exist. */
export function sharedDir(): string | undefined {
  const configured = Deno.env.get("EGS_SHARED_DIR") ?? join(repositoryRoot, "..", "shared");
  const path = resolve(configured);
  return existsSync(path) ? path : undefined;
}

/** Returns a path inside the shared folder, or undefined when the shared folder is absent. */
export function sharedPath(...parts: string[]): string | undefined {
  const root = sharedDir();
  return root === undefined ? undefined : join(root, ...parts);
}

let skipNoticePrinted = false;

/** Registers a test that needs the shared folder; ignored with a notice when it is missing. */
export function sharedTest(name: string, fn: (shared: string) => void | Promise<void>): void {
  const root = sharedDir();
  if (root === undefined && !skipNoticePrinted) {
    skipNoticePrinted = true;
    console.error(
      "Skipping tests that need the shared corpus: set EGS_SHARED_DIR (default ../shared).",
    );
  }
  Deno.test({ name, ignore: root === undefined, fn: () => fn(root!) });
}
