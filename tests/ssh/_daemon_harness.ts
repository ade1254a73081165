/**
 * Starts `egs-service daemon` from source on a unix socket in a temporary
 * directory and drives it with the real OpenSSH client through socat, the way
 * an operator's ProxyCommand does. Used by the end-to-end tests.
 */

import { join } from "node:path";
import { type KvpPool, KvpPoolId, openPoolDirectory } from "../../src/kvp/mod.ts";
import { mainScript } from "../_support/main_script.ts";

/** Options of {@linkcode startDaemon}. */
export interface DaemonStartOptions {
  /** Contents of service-control.conf; omitted means no file. */
  serviceControl?: string;
  /** Writes the client key to id_egs.pub when true (the default). */
  installKeyFile?: boolean;
  env?: Record<string, string>;
  /**
   * The Deno executable to run the daemon with; default `Deno.execPath()`.
   * A private copy plays the compiled egs-service, whose code pages no other
   * process maps.
   */
  executable?: string;
  /** The main script to run; default {@linkcode mainScript}`("service")`. */
  script?: string;
}

/** Output and exit code of one ssh run. */
export interface SshResult {
  code: number;
  stdout: Uint8Array;
  stderr: string;
  text: string;
}

/** A running daemon and the files around it. */
export interface RunningDaemon {
  dir: string;
  configDir: string;
  socket: string;
  /** Private key file of a client key the daemon trusts through id_egs.pub. */
  clientKey: string;
  /** `<type> <base64> <comment>` line of that key. */
  clientPublicKey: string;
  process: Deno.ChildProcess;
  /** Everything the daemon wrote to stderr so far. */
  log(): string;
  externalPool: KvpPool;
  guestPool: KvpPool;
  /** Runs `ssh` against the daemon; `args` go before the destination, `command` after it. */
  ssh(command: string[], options?: SshOptions): Promise<SshResult>;
  /** Generates a new key pair in the temp dir and returns its private key path and public line. */
  newKey(name: string): Promise<{ path: string; publicLine: string }>;
  /** Sends SIGTERM, waits for the exit code and removes the temp dir unless `keepFiles` is set. */
  stop(options?: { keepFiles?: boolean }): Promise<number>;
}

/** Options of one ssh run. */
export interface SshOptions {
  identity?: string;
  user?: string;
  args?: string[];
  stdin?: string;
  /**
   * Milliseconds to keep stdin open after writing `stdin`. With `-W`, ssh
   * closes the channel once stdin ends, which can come before the reply.
   */
  stdinOpenMs?: number;
}

/** Starts the daemon and resolves once it listens. */
export async function startDaemon(options: DaemonStartOptions = {}): Promise<RunningDaemon> {
  const dir = await Deno.makeTempDir({ prefix: "egs-ssh-" });
  const configDir = join(dir, "config");
  const kvpDir = join(dir, "kvp");
  await Deno.mkdir(configDir);
  await Deno.mkdir(kvpDir);
  if (options.serviceControl !== undefined) {
    await Deno.writeTextFile(join(configDir, "service-control.conf"), options.serviceControl);
  }
  const store = openPoolDirectory(kvpDir);
  const socket = join(dir, "egs.sock");

  const newKey = async (name: string) => {
    const path = join(dir, name);
    await run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", name, "-f", path]);
    return { path, publicLine: (await Deno.readTextFile(`${path}.pub`)).trim() };
  };
  const client = await newKey("id_client");
  if (options.installKeyFile ?? true) {
    await Deno.writeTextFile(join(configDir, "id_egs.pub"), `${client.publicLine}\n`);
  }

  const child = new Deno.Command(options.executable ?? Deno.execPath(), {
    args: [
      "run",
      "--allow-all",
      options.script ?? mainScript("service"),
      "--log-format",
      "json",
      "daemon",
      // Boot provisioning would use this machine's default paths.
      "--no-provisioning",
      "--config-dir",
      configDir,
      "--kvp-dir",
      kvpDir,
      "--listen",
      `unix:${socket}`,
    ],
    stdin: "null",
    stdout: "null",
    stderr: "piped",
    env: { NO_COLOR: "1", ...options.env },
  }).spawn();
  let log = "";
  const decoder = new TextDecoder();
  const logDone = child.stderr.pipeTo(
    new WritableStream({ write: (chunk) => void (log += decoder.decode(chunk, { stream: true })) }),
  );

  let exitCode: number | undefined;
  child.status.then((status) => exitCode = status.code);

  const started = Date.now();
  while (!log.includes("Ready: serving SSH") && !log.includes("the SSH server does not start")) {
    if (exitCode !== undefined) {
      await logDone.catch(() => {});
      throw new Error(`The daemon exited with code ${exitCode} while starting. Its log:\n${log}`);
    }
    if (Date.now() - started > 20_000) {
      child.kill("SIGKILL");
      throw new Error(`The daemon did not start within 20 s. Its log:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  const daemon: RunningDaemon = {
    dir,
    configDir,
    socket,
    clientKey: client.path,
    clientPublicKey: client.publicLine,
    process: child,
    log: () => log,
    externalPool: store.pool(KvpPoolId.External),
    guestPool: store.pool(KvpPoolId.Guest),
    newKey,
    ssh: (command, sshOptions = {}) => runSsh(daemon, command, sshOptions),
    async stop(stopOptions = {}) {
      try {
        child.kill("SIGTERM");
      } catch {
        // Already exited.
      }
      const status = await child.status;
      await logDone.catch(() => {});
      if (!stopOptions.keepFiles) await Deno.remove(dir, { recursive: true }).catch(() => {});
      return status.code;
    },
  };
  return daemon;
}

/** Builds the ssh argv for `daemon`, without the command. */
export function sshArgs(daemon: RunningDaemon, options: SshOptions = {}): string[] {
  // ssh keeps the first value of each option, so the caller's -o options go first.
  return [
    ...(options.args ?? []),
    "-F",
    "/dev/null",
    "-o",
    "BatchMode=yes",
    "-o",
    `ProxyCommand=socat - UNIX-CONNECT:${daemon.socket}`,
    "-o",
    `UserKnownHostsFile=${join(daemon.dir, "known_hosts")}`,
    "-o",
    "StrictHostKeyChecking=accept-new",
    "-o",
    "LogLevel=ERROR",
    "-i",
    options.identity ?? daemon.clientKey,
    "-o",
    "IdentitiesOnly=yes",
    `${options.user ?? "egs"}@egs-test`,
  ];
}

async function runSsh(
  daemon: RunningDaemon,
  command: string[],
  options: SshOptions,
): Promise<SshResult> {
  const child = new Deno.Command("ssh", {
    args: [...sshArgs(daemon, options), ...command],
    stdin: options.stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (options.stdin !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(options.stdin));
    if (options.stdinOpenMs !== undefined) {
      await new Promise((resolve) => setTimeout(resolve, options.stdinOpenMs));
    }
    await writer.close().catch(() => {});
  }
  const output = await child.output();
  return {
    code: output.code,
    stdout: output.stdout,
    stderr: new TextDecoder().decode(output.stderr),
    text: new TextDecoder().decode(output.stdout),
  };
}

async function run(command: string, args: string[]): Promise<void> {
  const output = await new Deno.Command(command, { args, stdout: "null", stderr: "piped" })
    .output();
  if (!output.success) {
    throw new Error(
      `${command} ${args.join(" ")} failed: ${new TextDecoder().decode(output.stderr)}`,
    );
  }
}

/** The V8 caps the systemd unit sets (installers/linux/eryph-guest-services.service). */
export const UNIT_V8_FLAGS = "--max-old-space-size=48,--max-semi-space-size=2";

/** Starts the daemon with the unit's V8 caps and `/bin/sh` as the session shell. */
export async function startCappedDaemon(): Promise<RunningDaemon> {
  const daemon = await startDaemon({ env: { DENO_V8_FLAGS: UNIT_V8_FLAGS } });
  // bash reads ~/.bashrc when SSH_CLIENT is set, as under sshd; /bin/sh keeps each run short.
  await daemon.externalPool.update({ "eryph:guest-services:shell": "/bin/sh" });
  return daemon;
}

/** Returns the resident set size of process `pid` in bytes. */
export function residentBytes(pid: number): number {
  const status = Deno.readTextFileSync(`/proc/${pid}/status`);
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)![1]) * 1024;
}
