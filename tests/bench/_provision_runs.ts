/**
 * One provisioning run of the benchmark seed, with EGS on a fresh copy of the
 * minbase root or with Debian's cloud-init on a fresh copy of the cloud-init
 * root. GNU time (`/usr/bin/time -v`) measures the wall time and the peak
 * resident set size. It reports the `ru_maxrss` of `wait4`, which is the
 * largest peak of any single process of the run, not the sum over processes.
 */

import { existsSync } from "node:fs";
import { join } from "node:path";
import { SERVICE_PERMISSION_FLAGS } from "../../src/permissions.ts";
import { bundleBinary, bundleEntry } from "../../.ci/bundle.ts";
import { copyDebianRoot } from "../_support/debian_root.ts";
import { REPO_ROOT } from "../_support/shared.ts";
import { unitEnvironment } from "../../.ci/unit_environment.ts";

/** Wall time and peak memory of one run. */
export interface ProvisionRun {
  seconds: number;
  /** Largest resident set size of one process of the run, in KiB. */
  peakKib: number;
  /** What the run printed to stdout; the cloud-init run prints each stage's exit code. */
  stdout: string;
}

/** The benchmark seed: a host name, three users, three files and two commands. */
export const BENCH_USER_DATA = `#cloud-config
hostname: bench-host
users:
  - name: alice
    shell: /bin/bash
  - name: bob
  - name: carol
write_files:
  - path: /etc/bench/one.txt
    content: "one\\n"
  - path: /etc/bench/two.txt
    content: "two\\n"
    permissions: "0600"
  - path: /etc/bench/three.txt
    content: "three\\n"
runcmd:
  - [sh, -c, "echo first > /var/tmp/bench-first"]
  - [sh, -c, "echo second > /var/tmp/bench-second"]
`;

/** The benchmark seed's meta-data. */
export const BENCH_META_DATA = "instance-id: iid-bench-1\nlocal-hostname: bench-meta\n";

/** Throws when `root` lacks any result of the seed, so every side is shown to do the same work. */
export async function checkProvisioned(label: string, root: string): Promise<void> {
  const read = (path: string) => Deno.readTextFile(join(root, path)).catch(() => "");
  const passwd = await read("etc/passwd");
  const missing: string[] = [];
  for (const user of ["alice", "bob", "carol"]) {
    if (!passwd.split("\n").some((line) => line.startsWith(`${user}:`))) missing.push(user);
  }
  if ((await read("etc/hostname")).trim() !== "bench-host") missing.push("/etc/hostname");
  for (const name of ["one", "two", "three"]) {
    if ((await read(`etc/bench/${name}.txt`)) !== `${name}\n`) missing.push(`${name}.txt`);
  }
  if ((await read("var/tmp/bench-first")) !== "first\n") missing.push("first command");
  if ((await read("var/tmp/bench-second")) !== "second\n") missing.push("second command");
  if (missing.length > 0) {
    throw new Error(`${label} did not provision ${root}: missing ${missing.join(", ")}.`);
  }
}

/** One way to start egs-service: the command words before its arguments, and its environment. */
export interface EgsLauncher {
  label: string;
  argv: string[];
  env?: Record<string, string>;
}

/**
 * Returns the ways the benchmark starts egs-service. The first is how the
 * daemon starts boot provisioning: the compiled binary when `deno task
 * compile` built it (the unit's V8 flags are built in), else `deno run` of a
 * bundle made into `bundleDir`, with the V8 flags of the systemd unit. The
 * second is the sources with `deno run` and no flags, as a developer runs
 * them.
 */
export async function egsLaunchers(bundleDir: string): Promise<EgsLauncher[]> {
  const sources: EgsLauncher = {
    label: "deno run src/service/main.ts",
    argv: [
      Deno.execPath(),
      "run",
      ...SERVICE_PERMISSION_FLAGS,
      join(REPO_ROOT, "src", "service", "main.ts"),
    ],
  };
  const binary = join(REPO_ROOT, "dist", "linux", "egs-service");
  if (existsSync(binary)) return [{ label: "dist/linux/egs-service", argv: [binary] }, sources];

  const main = await bundleBinary("egs-service", bundleDir, REPO_ROOT);
  const { DENO_V8_FLAGS } = await unitEnvironment();
  return [
    {
      label: `deno run of the bundle, unit's DENO_V8_FLAGS`,
      argv: [Deno.execPath(), "run", ...SERVICE_PERMISSION_FLAGS, main],
      env: { DENO_V8_FLAGS },
    },
    sources,
  ];
}

/**
 * Returns the two references of `_reference_agent.ts`, `minimal` then
 * `required`, bundled into `bundleDir` and started like the service's bundle:
 * with its permission flags and the unit's `DENO_V8_FLAGS`. They take the
 * same arguments as `egs-service run`, so {@linkcode runEgs} runs them.
 */
export async function referenceLaunchers(bundleDir: string): Promise<EgsLauncher[]> {
  const entry = join(REPO_ROOT, "tests", "bench", "_reference_agent.ts");
  const main = await bundleEntry(entry, bundleDir, REPO_ROOT);
  const { DENO_V8_FLAGS } = await unitEnvironment();
  const launcher = (variant: string, label: string): EgsLauncher => ({
    label,
    argv: [Deno.execPath(), "run", ...SERVICE_PERMISSION_FLAGS, main, variant],
    env: { DENO_V8_FLAGS },
  });
  return [
    launcher("minimal", "minimal (yaml, a zod schema of the seed's keys)"),
    launcher("required", "required (EGS's loader and schema, KVP state)"),
  ];
}

/** Writes the NoCloud seed files `user-data` and `meta-data` into `dir`. */
export async function writeSeed(dir: string, userData: string, metaData: string): Promise<void> {
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeTextFile(join(dir, "user-data"), userData);
  await Deno.writeTextFile(join(dir, "meta-data"), metaData);
}

/** Runs `egs-service run --seed SEED --root ROOT` on a new copy of the minbase root at `root`. */
export async function runEgs(
  launcher: EgsLauncher,
  root: string,
  seedDir: string,
): Promise<ProvisionRun> {
  await copyDebianRoot(root);
  await flushWrites();
  return await timeCommand([
    ...launcher.argv,
    "run",
    "--seed",
    seedDir,
    "--root",
    root,
    "--boot-id",
    "bench-boot-1",
  ], launcher.env);
}

// Arguments: the root. In a private mount, UTS and network namespace, so
// cloud-init's hostname, mounts and network changes stay inside it:
// /proc, /sys, a /dev with only the harmless devices, and tmpfs on /run and
// /tmp, then the four stages chrooted, as the systemd units order them. Every
// stage runs even when one before it exits non-zero, as under systemd, where
// cloud-init's default modules fail in a minimal root (locale without the
// locales package, ssh host keys without ssh-keygen). The exit code of each
// stage goes to stdout as "stage CODE".
const CLOUD_INIT_SCRIPT = `
set -eu
root="$1"
mount -t proc proc "$root/proc"
mount -t sysfs sysfs "$root/sys"
mount -t tmpfs -o mode=755 tmpfs "$root/dev"
for device in null zero full random urandom; do
  touch "$root/dev/$device"
  mount --bind "/dev/$device" "$root/dev/$device"
done
mount -t tmpfs tmpfs "$root/run"
mount -t tmpfs tmpfs "$root/tmp"
exec chroot "$root" /bin/sh -c '
  for stage in "init --local" "init" "modules --mode=config" "modules --mode=final"; do
    code=0
    cloud-init $stage >/dev/null 2>&1 || code=$?
    echo "$stage $code"
  done
'
`;

// Only NoCloud (the seed folder) and None are probed, so no datasource ever
// tries a metadata server; the network namespace would block it anyway.
const DATASOURCE_CONFIG = "datasource_list: [NoCloud, None]\n";

/**
 * Runs cloud-init's four stages on a new copy of the cloud-init root at
 * `root`, with the seed at `/var/lib/cloud/seed/nocloud/` of that root.
 */
export async function runCloudInit(
  root: string,
  userData: string,
  metaData: string,
): Promise<ProvisionRun> {
  await copyDebianRoot(root, { variant: "cloud-init" });
  await writeSeed(join(root, "var/lib/cloud/seed/nocloud"), userData, metaData);
  await Deno.writeTextFile(join(root, "etc/cloud/cloud.cfg.d/99-egs-bench.cfg"), DATASOURCE_CONFIG);
  await flushWrites();
  return await timeCommand([
    "unshare",
    "--mount",
    "--uts",
    "--net",
    "--propagation",
    "private",
    "sh",
    "-c",
    CLOUD_INIT_SCRIPT,
    "sh",
    root,
  ]);
}

/** Runs `argv` under `/usr/bin/time -v` and returns its wall time and peak RSS; throws on failure. */
/**
 * Runs `sync`, so the writeback of the untimed root copy does not land in
 * the timed run: each `fsync` of the run (useradd makes a dozen) would
 * otherwise wait for part of it.
 */
async function flushWrites(): Promise<void> {
  const status = await new Deno.Command("sync").output();
  if (!status.success) throw new Error(`sync failed with exit code ${status.code}.`);
}

async function timeCommand(
  argv: string[],
  env: Record<string, string> = {},
): Promise<ProvisionRun> {
  const started = performance.now();
  const output = await new Deno.Command("/usr/bin/time", {
    args: ["-v", ...argv],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1", ...env },
  }).output();
  const seconds = (performance.now() - started) / 1000;
  const stderr = new TextDecoder().decode(output.stderr);
  if (!output.success) {
    throw new Error(
      `"${argv.slice(0, 4).join(" ")} …" failed with exit code ${output.code}:\n${
        stderr.slice(-3000)
      }`,
    );
  }
  const peak = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  if (peak === null) throw new Error(`/usr/bin/time printed no peak RSS:\n${stderr.slice(-1000)}`);
  return { seconds, peakKib: Number(peak[1]), stdout: new TextDecoder().decode(output.stdout) };
}
