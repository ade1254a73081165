/**
 * The commands that build Debian root trees: debootstrap for the base, and
 * apt-get inside a chroot for extra packages. Both run in a private mount
 * namespace (`unshare --mount`), so whatever they mount inside the root
 * disappears when they exit, even when they are killed.
 */

/** Runs `argv` with its stdout sent to stderr, so progress never mixes with a benchmark's results. */
export async function runToStderr(argv: string[], env: Record<string, string> = {}): Promise<void> {
  const command = new Deno.Command("sh", {
    args: ["-c", 'exec "$@" 1>&2', "sh", ...argv],
    env,
    stdin: "null",
    stdout: "inherit",
    stderr: "inherit",
  });
  const status = await command.spawn().status;
  if (!status.success) {
    throw new Error(
      `Command failed with exit code ${status.code}: ${argv.join(" ")}. Its output is above.`,
    );
  }
}

/** Runs debootstrap's minbase variant of `suite` from `mirror` into `targetDir`. */
export async function debootstrapMinbase(
  targetDir: string,
  suite: string,
  mirror: string,
): Promise<void> {
  await runToStderr([
    "unshare",
    "--mount",
    "--propagation",
    "private",
    "debootstrap",
    "--variant=minbase",
    suite,
    targetDir,
    mirror,
  ]);
  // debootstrap leaves the downloaded .deb files in the apt cache. Dropping them
  // makes every copy of the root smaller and faster.
  await runToStderr(["chroot", targetDir, "apt-get", "clean"]);
}

// Runs inside the private mount namespace. /proc and /dev/pts are mounted
// because apt and maintainer scripts use them, and the trap unmounts both on
// every exit path. The
// policy-rc.d file makes invoke-rc.d and deb-systemd-invoke skip service starts, so
// a package's postinst never starts a daemon.
const INSTALL_SCRIPT = `
set -eu
root="$1"
shift
mount -t proc proc "$root/proc"
mount -t devpts -o newinstance,ptmxmode=0666 devpts "$root/dev/pts"
trap 'umount "$root/dev/pts" "$root/proc"' EXIT
cp /etc/resolv.conf "$root/etc/resolv.conf"
printf '#!/bin/sh\\nexit 101\\n' > "$root/usr/sbin/policy-rc.d"
chmod 755 "$root/usr/sbin/policy-rc.d"
chroot "$root" apt-get update
chroot "$root" apt-get install -y --no-install-recommends "$@"
chroot "$root" apt-get clean
rm -f "$root/usr/sbin/policy-rc.d"
`;

/**
 * Installs Debian `packages` inside `rootDir` with the root's own apt-get,
 * which downloads from the mirror in the root's sources.list. Nothing is
 * installed on this machine.
 */
export async function installPackagesInRoot(rootDir: string, packages: string[]): Promise<void> {
  await runToStderr(
    [
      "unshare",
      "--mount",
      "--propagation",
      "private",
      "sh",
      "-c",
      INSTALL_SCRIPT,
      "sh",
      rootDir,
      ...packages,
    ],
    { DEBIAN_FRONTEND: "noninteractive", LC_ALL: "C" },
  );
}

/**
 * Copies the tree at `source` to `dest` with `cp -a`, keeping owners, modes,
 * links and device nodes. GNU cp shares blocks (reflink) where the file system
 * supports it and copies the data elsewhere. `dest` must not exist or be empty.
 */
export async function copyTree(source: string, dest: string): Promise<void> {
  await Deno.mkdir(dest, { recursive: true });
  for await (const _entry of Deno.readDir(dest)) {
    throw new Error(`Cannot copy a root into "${dest}": the folder is not empty. Pass a new path.`);
  }
  await runToStderr(["cp", "-a", "--", `${source}/.`, dest]);
}
