/**
 * Compares `egs-tool upload-file`/`download-file` with OpenSSH's `scp` on one
 * file (512 MiB by default) against the same guest daemon over the same unix
 * socket. scp reaches it through `ProxyCommand=socat - UNIX-CONNECT:...`.
 * Each timing is the wall time of one command, process start included.
 * Rounds alternate between the two tools so that load from other processes
 * hits both alike. Prints the median of each and the ratio scp time / egs-tool
 * time (1.0 or more means egs-tool is as fast as scp or faster). It also
 * prints the CPU seconds of each command and of the daemon, read from /proc,
 * because on a busy machine the client's CPU time is taken from the daemon.
 * The ProxyCommand's socat counts only if ssh waits for it. scp negotiates
 * its default cipher (chacha20-poly1305 when the daemon offers it), and
 * `EGS_BENCH_SCP_CIPHER=aes128-gcm@openssh.com` makes it use egs-tool's.
 * Run: `deno run --allow-all tests/bench/transfer_vs_scp.ts [MiB] [rounds]`.
 */

import { createHash } from "node:crypto";
import { join } from "node:path";
import { runCli } from "../_support/cli.ts";
import { type RunningDaemon, startDaemon } from "../ssh/_daemon_harness.ts";

const MIB = 1 << 20;
const VM_ID = "6f1c2e4a-93b1-4c53-9c5e-1d2f3a4b5c6d";
/** egs-tool must at least match scp. */
const TARGET_RATIO = 1.0;

type Direction = "upload" | "download";

/** Measurement of one command: wall time, its own CPU time with its children's, and the daemon's. */
interface Sample {
  wall: number;
  clientCpu: number;
  serverCpu: number;
}

/** Returns the user plus system CPU seconds in /proc/<pid>/stat, or of reaped children with `children`. */
function cpuSeconds(pid: number | "self", children = false): number {
  const fields = Deno.readTextFileSync(`/proc/${pid}/stat`).split(") ")[1].split(" ");
  // Fields 14 and 15 (utime, stime) or 16 and 17 (cutime, cstime), counted from pid as 1.
  const first = children ? 13 : 11;
  return (Number(fields[first]) + Number(fields[first + 1])) / 100;
}

/** Runs `command` and measures its wall time and the CPU time of it and of the daemon. */
async function measure(daemon: RunningDaemon, command: () => Promise<void>): Promise<Sample> {
  // Write back the previous command's files first, so that the kernel's
  // writeback of 512 MiB does not fall into the next command's time.
  await new Deno.Command("sync").output();
  const client = cpuSeconds("self", true);
  const server = cpuSeconds(daemon.process.pid);
  const started = performance.now();
  await command();
  return {
    wall: (performance.now() - started) / 1000,
    clientCpu: cpuSeconds("self", true) - client,
    serverCpu: cpuSeconds(daemon.process.pid) - server,
  };
}

/** Runs egs-tool once. */
async function runEgsTool(daemon: RunningDaemon, work: string, direction: Direction) {
  const [source, target] = direction === "upload"
    ? [join(work, "source.bin"), join(work, "guest", "egs.bin")]
    : [join(work, "guest", "egs.bin"), join(work, "egs.back")];
  const result = await runCli("tool", [
    "--log-level",
    "error",
    `${direction}-file`,
    VM_ID,
    source,
    target,
    "--overwrite",
    "--transport",
    `unix:${daemon.socket}`,
    "--identity",
    daemon.clientKey,
    "--known-hosts",
    join(work, "known_hosts"),
    "--accept-new",
  ]);
  if (result.code !== 0) throw new Error(`egs-tool ${direction}-file failed: ${result.stderr}`);
}

/** Runs scp once. */
async function runScp(daemon: RunningDaemon, work: string, direction: Direction) {
  const remote = `egs@egs-test:${join(work, "guest", "scp.bin")}`;
  const [source, target] = direction === "upload"
    ? [join(work, "source.bin"), remote]
    : [remote, join(work, "scp.back")];
  const cipher = Deno.env.get("EGS_BENCH_SCP_CIPHER");
  const output = await new Deno.Command("scp", {
    args: [
      ...(cipher === undefined ? [] : ["-c", cipher]),
      "-q",
      "-F",
      "/dev/null",
      "-i",
      daemon.clientKey,
      "-o",
      "IdentitiesOnly=yes",
      "-o",
      "BatchMode=yes",
      "-o",
      `UserKnownHostsFile=${join(work, "scp_known_hosts")}`,
      "-o",
      "StrictHostKeyChecking=accept-new",
      "-o",
      `ProxyCommand=socat - UNIX-CONNECT:${daemon.socket}`,
      source,
      target,
    ],
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).output();
  if (!output.success) {
    throw new Error(`scp ${direction} failed: ${new TextDecoder().decode(output.stderr)}`);
  }
}

async function writeRandomFile(path: string, size: number): Promise<void> {
  using file = await Deno.open(path, { write: true, create: true, truncate: true });
  const block = new Uint8Array(MIB);
  for (let written = 0; written < size; written += MIB) {
    crypto.getRandomValues(block.subarray(0, 65536));
    block.copyWithin(65536, 0, MIB - 65536);
    block[0] = written / MIB;
    await file.write(block);
  }
}

async function sha256(path: string): Promise<string> {
  const hash = createHash("sha256");
  using file = await Deno.open(path);
  for await (const chunk of file.readable) hash.update(chunk);
  return hash.digest("hex");
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

if (import.meta.main) {
  const mebibytes = Number(Deno.args[0] ?? 512);
  const rounds = Number(Deno.args[1] ?? 3);
  const size = mebibytes * MIB;
  const daemon = await startDaemon();
  const work = await Deno.makeTempDir({ prefix: "egs_bench_transfer_" });
  let failed = false;
  try {
    await Deno.mkdir(join(work, "guest"));
    await writeRandomFile(join(work, "source.bin"), size);
    const samples: Record<string, Sample[]> = {};
    const record = async (key: string, command: () => Promise<void>) =>
      (samples[key] ??= []).push(await measure(daemon, command));

    for (let round = 0; round < rounds; round++) {
      const egsFirst = round % 2 === 0;
      for (const direction of ["upload", "download"] as const) {
        const egs = () => record(`egs ${direction}`, () => runEgsTool(daemon, work, direction));
        if (egsFirst) await egs();
        await record(`scp ${direction}`, () => runScp(daemon, work, direction));
        if (!egsFirst) await egs();
      }
    }

    const expected = await sha256(join(work, "source.bin"));
    for (const copy of ["guest/egs.bin", "egs.back", "guest/scp.bin", "scp.back"]) {
      if (await sha256(join(work, copy)) !== expected) throw new Error(`${copy} differs.`);
    }

    console.log(`${mebibytes} MiB file, ${rounds} rounds, medians per command:`);
    for (const direction of ["upload", "download"] as const) {
      const egs = median(samples[`egs ${direction}`].map((sample) => sample.wall));
      const scp = median(samples[`scp ${direction}`].map((sample) => sample.wall));
      const ratio = scp / egs;
      console.log(
        `${direction.padEnd(8)} egs-tool ${egs.toFixed(2)} s (${
          (mebibytes / egs).toFixed(0)
        } MiB/s)` +
          `  scp ${scp.toFixed(2)} s (${(mebibytes / scp).toFixed(0)} MiB/s)` +
          `  ratio scp/egs-tool ${ratio.toFixed(2)}` +
          (ratio >= TARGET_RATIO ? "" : `  below the target ${TARGET_RATIO.toFixed(1)}`),
      );
      if (ratio < TARGET_RATIO) failed = true;
    }
    for (const key of Object.keys(samples).sort()) {
      const cpu = (pick: (sample: Sample) => number) => median(samples[key].map(pick)).toFixed(2);
      console.log(
        `${key.padEnd(13)} CPU s: client ${cpu((sample) => sample.clientCpu)}` +
          `  daemon ${cpu((sample) => sample.serverCpu)}`,
      );
    }
  } finally {
    await daemon.stop();
    await Deno.remove(work, { recursive: true });
  }
  Deno.exit(failed ? 1 : 0);
}
