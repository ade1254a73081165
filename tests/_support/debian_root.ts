/**
 * Disposable Debian root trees for end-to-end tests and benchmarks. The
 * `minbase` root is `debootstrap --variant=minbase` of Debian bookworm; the
 * `cloud-init` root is a copy of it with Debian's cloud-init package installed
 * inside it. Both are built once into the test cache (`EGS_TEST_CACHE`, else
 * `/var/cache/egs-tests`) and reused. Tests that change a root work on their
 * own copy from {@linkcode copyDebianRoot}.
 *
 * Building needs root and the `debootstrap` package, which is installed with
 * apt-get when missing. Nothing else is installed on this machine.
 */

import { existsSync } from "node:fs";
import { join } from "node:path";
import { ensurePackages } from "./debian_packages.ts";
import { ensureCachedTree, testCacheDir } from "./_debian_cache.ts";
import { copyTree, debootstrapMinbase, installPackagesInRoot } from "./_debian_build.ts";
import { findDebianMirror } from "./_debian_mirror.ts";

/** Debian release of every root. */
export const DEBIAN_SUITE = "bookworm";

/** Which root to return: plain minbase, or minbase with Debian's cloud-init installed. */
export type DebianRootVariant = "minbase" | "cloud-init";

/** Options of {@linkcode ensureDebianRoot}. */
export interface DebianRootOptions {
  variant: DebianRootVariant;
}

// The version suffix changes whenever the build steps change, so a cache made
// by older steps is ignored instead of trusted.
const ROOT_NAMES: Record<DebianRootVariant, string> = {
  "minbase": `debian-${DEBIAN_SUITE}-minbase-v2`,
  "cloud-init": `debian-${DEBIAN_SUITE}-cloud-init-v3`,
};

/** Returns where the cached root of `variant` lives, whether or not it has been built yet. */
export function debianRootPath(variant: DebianRootVariant): string {
  return join(testCacheDir(), ROOT_NAMES[variant]);
}

const pending = new Map<DebianRootVariant, Promise<string>>();

/**
 * Returns the path of the cached root of `variant`, building it first when it
 * is missing. A build downloads from the Debian mirror, so the first call
 * takes far longer than later ones, and it prints its progress to stderr. The
 * returned tree is shared by every caller, so copy it before writing to it.
 */
export function ensureDebianRoot(
  options: DebianRootOptions = { variant: "minbase" },
): Promise<string> {
  const variant = options.variant;
  let root = pending.get(variant);
  if (root === undefined) {
    root = buildVariant(variant);
    pending.set(variant, root);
    root.catch(() => pending.delete(variant));
  }
  return root;
}

/**
 * Copies the cached root of `variant` (minbase by default) to `dest`, which
 * must not exist or be empty, and returns `dest`. The copy is private and
 * writable.
 */
export async function copyDebianRoot(
  dest: string,
  options: DebianRootOptions = { variant: "minbase" },
): Promise<string> {
  const source = await ensureDebianRoot(options);
  await copyTree(source, dest);
  return dest;
}

async function buildVariant(variant: DebianRootVariant): Promise<string> {
  const cacheDir = testCacheDir();
  const cached = debianRootPath(variant);
  if (existsSync(cached)) return cached;

  // The cloud-init root starts as a copy of minbase, which is made first so
  // that the time printed below is the cloud-init step alone.
  const minbase = variant === "cloud-init" ? await ensureDebianRoot({ variant: "minbase" }) : "";

  return await ensureCachedTree(cacheDir, ROOT_NAMES[variant], async (partialDir) => {
    await checkCanBuild();

    const started = performance.now();
    if (variant === "minbase") {
      await buildMinbase(partialDir);
    } else {
      await buildCloudInit(minbase, partialDir);
    }

    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.error(`Built the ${variant} root in ${seconds} s. It is cached in ${cacheDir}.`);
  });
}

async function buildMinbase(partialDir: string): Promise<void> {
  const mirror = await findDebianMirror(DEBIAN_SUITE);
  console.error(
    `Building a Debian ${DEBIAN_SUITE} minbase root in ${partialDir} with debootstrap from ` +
      `${mirror}. Later runs reuse the cached root.`,
  );
  await debootstrapMinbase(partialDir, DEBIAN_SUITE, mirror);
}

async function buildCloudInit(minbase: string, partialDir: string): Promise<void> {
  console.error(`Copying the minbase root ${minbase} to ${partialDir}.`);
  await copyTree(minbase, partialDir);

  console.error(`Installing Debian's cloud-init inside ${partialDir} with its own apt-get.`);
  await installPackagesInRoot(partialDir, ["cloud-init"]);
  await Deno.stat(join(partialDir, "usr", "bin", "cloud-init")).catch(() => {
    throw new Error(
      `Installing cloud-init into "${partialDir}" left no usr/bin/cloud-init. Check the apt-get output above.`,
    );
  });
}

async function checkCanBuild(): Promise<void> {
  if (Deno.uid() !== 0) {
    throw new Error(
      "Cannot build a Debian root: debootstrap and chroot need root. " +
        "Run as root, or point EGS_TEST_CACHE at a cache that already holds the roots.",
    );
  }
  await ensurePackages([{ command: "debootstrap", packageName: "debootstrap" }]);
}
