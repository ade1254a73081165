/**
 * Runs before `deno test`: installs the Debian packages the tests use when
 * running as root, or stops with their names otherwise.
 */

import { ensurePackages, type PackageNeed } from "./debian_packages.ts";

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
];

if (import.meta.main) {
  try {
    await ensurePackages(TEST_PACKAGES);
  } catch (error) {
    console.error((error as Error).message);
    Deno.exit(2);
  }
}
