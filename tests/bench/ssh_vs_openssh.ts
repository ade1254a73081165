/**
 * Compares EGS's guest SSH server with OpenSSH's `sshd -i` in one run, over
 * the same unix-socket transport (socat) and with the same OpenSSH client:
 * 512 MiB SFTP and exec streams in both directions per cipher, the time of
 * `ssh ... true`, and the daemon's resident memory idle and under 20
 * concurrent sessions, with default settings and with the environment that
 * the systemd unit sets.
 * Run: `deno run --allow-all tests/bench/ssh_vs_openssh.ts [MiB] [rounds]`.
 * Needs root, as sshd runs in a private mount namespace (see
 * `_ssh_openssh_peer.ts`). Exits 1 when a target is missed.
 */

import { join } from "node:path";
import { libcrypto } from "../../ffi/libcrypto.ts";
import { IDLE_TRIM_DELAY_MS } from "../../src/service/daemon/idle_trim.ts";
import { hasChaCha20Poly1305 } from "../../src/ssh/ciphers/chacha20_poly1305.ts";
import { startDaemon } from "../ssh/_daemon_harness.ts";
import { reportMemory } from "./_ssh_memory.ts";
import { describeEnvironment, unitEnvironment } from "../../.ci/unit_environment.ts";
import { startOpensshPeer } from "./_ssh_openssh_peer.ts";
import {
  type Direction,
  median,
  residentMib,
  type SshTarget,
  timeConnect,
  timeExecStream,
  timeSftp,
} from "./_ssh_timing.ts";

const MIB = 1 << 20;
// The ciphers the daemon offers: chacha20-poly1305 only with OpenSSL 3's
// libcrypto. AES-CTR is not offered, because ssh2 runs it on node:crypto
// objects that leak under Deno 2.9 (src/ssh/ssh_server.ts).
const library = libcrypto();
const CIPHERS = [
  ...(library !== null && hasChaCha20Poly1305(library) ? ["chacha20-poly1305@openssh.com"] : []),
  "aes128-gcm@openssh.com",
  "aes256-gcm@openssh.com",
];
const THROUGHPUT_TARGET = 0.8;
const CONNECT_TARGET = 1.5;
const IDLE_RSS_TARGET_MIB = 60;
const CONNECT_ROUNDS = 10;

/** Paths of one transfer: the data file, the download target and the upload target. */
interface TransferFiles {
  source: string;
  local: string;
  remote: string;
}

type Operation = `${"sftp" | "exec"} ${Direction}`;
const OPERATIONS: Operation[] = ["sftp download", "sftp upload", "exec download", "exec upload"];

async function writeDataFile(path: string, size: number): Promise<void> {
  using file = await Deno.open(path, { write: true, create: true, truncate: true });
  const block = new Uint8Array(MIB);
  crypto.getRandomValues(block.subarray(0, 65536));
  block.copyWithin(65536, 0, MIB - 65536);
  for (let written = 0; written < size; written += MIB) await file.write(block);
}

function time(
  target: SshTarget,
  cipher: string,
  operation: Operation,
  size: number,
  files: TransferFiles,
): Promise<number> {
  const [kind, direction] = operation.split(" ") as ["sftp" | "exec", Direction];
  if (kind === "exec") return timeExecStream(target, cipher, direction, size, files.source);
  return direction === "download"
    ? timeSftp(target, cipher, direction, files.local, files.source)
    : timeSftp(target, cipher, direction, files.source, files.remote);
}

function seconds(value: number, size: number): string {
  return `${value.toFixed(2)} s (${Math.round(size / MIB / value)} MiB/s)`;
}

/** Formats whether a target was met. */
function verdict(met: boolean): string {
  return met ? "met" : "MISSED";
}

/** Runs `ssh ... true` against both targets, alternating, and returns each target's times. */
async function measureConnect(targets: SshTarget[]): Promise<Record<string, number[]>> {
  const times: Record<string, number[]> = {};
  for (let i = 0; i < CONNECT_ROUNDS; i++) {
    for (const target of i % 2 === 0 ? targets : [...targets].reverse()) {
      times[target.name] = [...(times[target.name] ?? []), await timeConnect(target)];
    }
  }
  return times;
}

/** Times every cipher and operation on both targets `rounds` times; keys are `target|cipher|operation`. */
async function measureThroughput(
  targets: SshTarget[],
  rounds: number,
  size: number,
  files: TransferFiles,
): Promise<Map<string, number[]>> {
  const results = new Map<string, number[]>();
  for (let round = 0; round < rounds; round++) {
    for (const cipher of CIPHERS) {
      for (const operation of OPERATIONS) {
        // Alternating which server goes first spreads load from other processes evenly.
        for (const target of round % 2 === 0 ? targets : [...targets].reverse()) {
          const key = `${target.name}|${cipher}|${operation}`;
          const value = await time(target, cipher, operation, size, files);
          results.set(key, [...(results.get(key) ?? []), value]);
          console.log(`  round ${round + 1} ${key.replaceAll("|", " ")}: ${seconds(value, size)}`);
          await Deno.remove(files.local).catch(() => {});
          await Deno.remove(files.remote).catch(() => {});
        }
      }
    }
  }
  return results;
}

/** Prints the medians and ratios and returns whether a throughput target was missed. */
function reportThroughput(results: Map<string, number[]>, size: number): boolean {
  console.log("\nthroughput (ratio = OpenSSH time / EGS time)");
  const ratios = new Map<string, number[]>();
  const egsTotal = new Map<string, number>();
  for (const cipher of CIPHERS) {
    for (const operation of OPERATIONS) {
      const egsTime = median(results.get(`EGS|${cipher}|${operation}`)!);
      const opensshTime = median(results.get(`OpenSSH|${cipher}|${operation}`)!);
      const ratio = opensshTime / egsTime;
      ratios.set(cipher, [...(ratios.get(cipher) ?? []), ratio]);
      egsTotal.set(cipher, (egsTotal.get(cipher) ?? 0) + egsTime);
      console.log(
        `  ${cipher.padEnd(30)} ${operation.padEnd(14)} EGS ${seconds(egsTime, size).padEnd(20)} ` +
          `OpenSSH ${seconds(opensshTime, size).padEnd(20)} ratio ${ratio.toFixed(2)}`,
      );
    }
  }

  // The fastest ciphers are those with EGS's lowest sum of medians over the four operations.
  const fastest = [...egsTotal.entries()].sort((a, b) => a[1] - b[1]).map(([cipher]) => cipher);
  const ranking = fastest.map((cipher) => `${cipher} ${egsTotal.get(cipher)!.toFixed(1)} s`);
  console.log(`\nEGS ciphers, fastest first (sum of medians): ${ranking.join(", ")}`);
  let missed = false;
  for (const cipher of fastest.slice(0, 2)) {
    const lowest = Math.min(...ratios.get(cipher)!);
    const met = lowest >= THROUGHPUT_TARGET;
    missed ||= !met;
    console.log(
      `throughput with ${cipher}: lowest ratio ${lowest.toFixed(2)} ` +
        `(target >= ${THROUGHPUT_TARGET}): ${verdict(met)}`,
    );
  }
  return missed;
}

if (import.meta.main) {
  if (Deno.uid() !== 0) {
    console.log("ssh_vs_openssh.ts needs root to run sshd in a mount namespace; skipped.");
    Deno.exit(0);
  }
  const mebibytes = Number(Deno.args[0] ?? 512);
  const rounds = Number(Deno.args[1] ?? 3);
  const size = mebibytes * MIB;
  const unitEnv = await unitEnvironment();
  let failed = await reportMemory(unitEnv);

  const work = await Deno.makeTempDir({ prefix: "egs_bench_ssh_" });
  // The daemon runs from its own copy of the Deno executable, as the compiled
  // egs-service would. The kernel does not page out code that another process
  // (this script) maps too, so with a shared executable the idle trim would
  // show less than it does in a VM.
  const executable = join(work, "deno-daemon");
  await Deno.copyFile(Deno.execPath(), executable);
  const daemon = await startDaemon({ env: unitEnv, executable });
  const openssh = await startOpensshPeer(daemon.clientPublicKey);
  try {
    const targets: SshTarget[] = [
      {
        name: "EGS",
        socket: daemon.socket,
        user: "egs",
        clientKey: daemon.clientKey,
        workDir: work,
      },
      {
        name: "OpenSSH",
        socket: openssh.socket,
        user: "root",
        clientKey: daemon.clientKey,
        workDir: openssh.dir,
      },
    ];
    const files: TransferFiles = {
      source: join(work, "source.bin"),
      local: join(work, "download.bin"),
      remote: join(work, "upload.bin"),
    };
    await writeDataFile(files.source, size);
    console.log(
      `\nEGS daemon (deno run, ${describeEnvironment(unitEnv)}) vs ${openssh.version} sshd -i, ` +
        `${mebibytes} MiB, median of ${rounds} rounds, client ${await clientVersion()}`,
    );

    // Connections come first, on fresh servers, so the idle reading follows exactly these.
    const connect = await measureConnect(targets);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const settledMib = await residentMib(daemon.process.pid);
    // The daemon trims its memory after IDLE_TRIM_DELAY_MS without connections.
    await new Promise((resolve) => setTimeout(resolve, IDLE_TRIM_DELAY_MS + 500));
    const idleMib = await residentMib(daemon.process.pid);

    const results = await measureThroughput(targets, rounds, size, files);
    failed = reportThroughput(results, size) || failed;

    const connectEgs = median(connect.EGS);
    const connectOpenssh = median(connect.OpenSSH);
    const connectRatio = connectEgs / connectOpenssh;
    failed ||= connectRatio > CONNECT_TARGET;
    console.log(
      `ssh true: EGS ${(connectEgs * 1000).toFixed(0)} ms, ` +
        `OpenSSH ${(connectOpenssh * 1000).toFixed(0)} ms (median of ${CONNECT_ROUNDS}), ` +
        `EGS/OpenSSH ${connectRatio.toFixed(2)} (target <= ${CONNECT_TARGET}): ` +
        verdict(connectRatio <= CONNECT_TARGET),
    );
    failed ||= idleMib >= IDLE_RSS_TARGET_MIB;
    console.log(
      `RSS of the EGS daemon 1.5 s after start-up and ${CONNECT_ROUNDS} connections: ` +
        `${settledMib.toFixed(1)} MiB`,
    );
    console.log(
      `idle RSS of the EGS daemon, ${(IDLE_TRIM_DELAY_MS + 2000) / 1000} s after those ` +
        `connections: ${idleMib.toFixed(1)} MiB (target < ${IDLE_RSS_TARGET_MIB} MiB): ` +
        verdict(idleMib < IDLE_RSS_TARGET_MIB),
    );
  } finally {
    await openssh.stop();
    await daemon.stop();
    await Deno.remove(work, { recursive: true }).catch(() => {});
  }
  Deno.exit(failed ? 1 : 0);
}

async function clientVersion(): Promise<string> {
  const output = await new Deno.Command("ssh", { args: ["-V"], stderr: "piped" }).output();
  return new TextDecoder().decode(output.stderr).split(",")[0].trim();
}
