/**
 * Runs Debian's OpenSSH server as a benchmark peer without installing it. The
 * `openssh-server` and `openssh-sftp-server` packages are fetched with
 * `apt-get download` and unpacked with `dpkg -x` into the test cache. socat
 * listens on a unix socket and starts `sshd -i` for each connection, with its
 * own config, host key and authorized keys in a temporary directory.
 */

import { join } from "node:path";
import { ensureCachedTree, testCacheDir } from "../_support/_debian_cache.ts";

// A new suffix makes the next run unpack again instead of trusting an old tree.
const CACHE_NAME = "openssh-server-unpacked-v2";
/** File in the unpacked tree with the version of openssh-server, from the package. */
const VERSION_FILE = "openssh-server.version";

/** A listening OpenSSH peer. */
export interface OpensshPeer {
  socket: string;
  dir: string;
  user: string;
  /** Package and version, for example `openssh-server 1:9.2p1-2+deb12u10`. */
  version: string;
  stop(): Promise<void>;
}

/** Returns the unpacked package tree, downloading and unpacking it on first use. */
export function ensureOpensshServerTree(): Promise<string> {
  return ensureCachedTree(testCacheDir(), CACHE_NAME, async (partial) => {
    const debs = join(partial, "debs");
    await Deno.mkdir(debs);
    await run("apt-get", ["download", "openssh-server", "openssh-sftp-server"], debs);
    for (const entry of Deno.readDirSync(debs)) {
      await run("dpkg", ["-x", join(debs, entry.name), partial], debs);
      if (entry.name.startsWith("openssh-server_")) {
        const version = await output("dpkg-deb", ["-f", join(debs, entry.name), "Version"], debs);
        await Deno.writeTextFile(join(partial, VERSION_FILE), version);
      }
    }
    await Deno.remove(debs, { recursive: true });
  });
}

/**
 * Starts socat on a new unix socket, inside a private mount namespace that
 * gives sshd the two things it requires and this machine lacks: the `sshd`
 * privilege separation user and `/run/sshd`. Both exist only in that
 * namespace. Sessions log in as root, as the EGS daemon runs as root too.
 */
export async function startOpensshPeer(clientPublicKey: string): Promise<OpensshPeer> {
  const tree = await ensureOpensshServerTree();

  const dir = await Deno.makeTempDir({ prefix: "egs-bench-sshd-" });
  const socket = join(dir, "sshd.sock");
  const sshd = join(tree, "usr/sbin/sshd");
  await run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", join(dir, "host_key")], dir);
  await Deno.writeTextFile(join(dir, "authorized_keys"), `${clientPublicKey}\n`);
  await Deno.writeTextFile(
    join(dir, "sshd_config"),
    [
      `HostKey ${join(dir, "host_key")}`,
      `AuthorizedKeysFile ${join(dir, "authorized_keys")}`,
      `Subsystem sftp ${join(tree, "usr/lib/openssh/sftp-server")}`,
      "UsePAM no",
      "StrictModes no",
      "PermitRootLogin prohibit-password",
      "PidFile none",
      "",
    ].join("\n"),
  );
  const passwd = await Deno.readTextFile("/etc/passwd");
  await Deno.writeTextFile(
    join(dir, "passwd"),
    `${passwd.trimEnd()}\nsshd:x:65534:65534::/run/sshd:/usr/sbin/nologin\n`,
  );

  const sshdCommand = `${sshd} -i -f ${join(dir, "sshd_config")} -E ${join(dir, "sshd.log")}`;
  const script = [
    "set -e",
    `mount --bind ${join(dir, "passwd")} /etc/passwd`,
    "mount -t tmpfs tmpfs /run",
    "mkdir -m 755 /run/sshd",
    `exec socat UNIX-LISTEN:${socket},fork EXEC:'${sshdCommand}'`,
  ].join("\n");
  const child = new Deno.Command("unshare", {
    args: ["--mount", "--propagation", "private", "sh", "-c", script],
    stdin: "null",
    stdout: "null",
    stderr: "inherit",
  }).spawn();

  const started = Date.now();
  while (!(await exists(socket))) {
    if (Date.now() - started > 10_000) {
      child.kill("SIGKILL");
      throw new Error(`socat did not create ${socket} within 10 s; see its output above.`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }

  const version = `openssh-server ${(await Deno.readTextFile(join(tree, VERSION_FILE))).trim()}`;
  return {
    socket,
    dir,
    user: "root",
    version,
    async stop() {
      try {
        child.kill("SIGTERM");
      } catch {
        // Already exited.
      }
      await child.status;
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    },
  };
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch {
    return false;
  }
}

async function run(command: string, args: string[], cwd: string): Promise<void> {
  await output(command, args, cwd);
}

/** Runs `command` and returns its standard output; throws with its standard error when it fails. */
async function output(command: string, args: string[], cwd: string): Promise<string> {
  const result = await new Deno.Command(command, { args, cwd, stdout: "piped", stderr: "piped" })
    .output();
  if (!result.success) {
    const stderr = new TextDecoder().decode(result.stderr);
    throw new Error(`${command} ${args.join(" ")} failed: ${stderr}`);
  }
  return new TextDecoder().decode(result.stdout);
}
