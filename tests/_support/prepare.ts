/**
 * Runs before `deno test`: installs the Debian packages the tests use when
 * running as root, or stops with their names otherwise. As root it also builds
 * the cached Debian root that the provisioning end-to-end tests copy, so the
 * first build (about a minute) happens here with its progress shown, not in
 * the middle of a test. It also has deno fetch esbuild from the npm registry
 * for the bundle test, so no test downloads anything.
 */

import { fetchBundler } from "../../.ci/bundle.ts";
import { ensurePackages, type PackageNeed } from "./debian_packages.ts";
import { ensureDebianRoot } from "./debian_root.ts";

/** Commands the test suite runs, and the Debian package of each. */
export const TEST_PACKAGES: readonly PackageNeed[] = [
  { command: "python3", packageName: "python3-yaml" },
  { command: "socat", packageName: "socat" },
  { command: "rsync", packageName: "rsync" },
  { command: "sftp", packageName: "openssh-client" },
  { command: "ssh-keygen", packageName: "openssh-client" },
  { command: "ssh", packageName: "openssh-client" },
  { command: "scp", packageName: "openssh-client" },
  { command: "cloud-localds", packageName: "cloud-image-utils" },
  { command: "genisoimage", packageName: "genisoimage" },
  { command: "debootstrap", packageName: "debootstrap" },
  { command: "/usr/bin/time", packageName: "time" },
];

if (import.meta.main) {
  try {
    await ensurePackages(TEST_PACKAGES);
    if (Deno.uid() === 0) await ensureDebianRoot();
    await fetchBundler();
  } catch (error) {
    console.error((error as Error).message);
    Deno.exit(2);
  }
}
