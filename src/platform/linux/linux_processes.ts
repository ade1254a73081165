/**
 * External commands on Linux. Without a root they run on this machine with
 * the inherited environment. With a root they run through `chroot` with a
 * clean environment, so the target's own programs and files are used.
 */

import { getLogger } from "../../log/logging.ts";
import { pathInRoot } from "./root_path.ts";
import type { ProcessCommand, Processes, ProcessResult, RunOptions } from "../types.ts";

/** `PATH` inside a chroot, where the host's `PATH` may name folders the target lacks. */
export const CHROOT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

// After a timeout the process gets SIGTERM, then SIGKILL when it is still
// running after this grace period.
const KILL_GRACE_MS = 5_000;

// Children of a killed shell can keep the output pipes open; output that has
// not arrived this long after the exit is dropped.
const OUTPUT_DRAIN_MS = 1_000;

/** Options of {@linkcode LinuxProcesses}. */
export interface LinuxProcessesOptions {
  /** Target root; commands run chrooted into it. Unset runs them on this machine. */
  root?: string;
  /** The `chroot` program; tests may point it elsewhere. */
  chrootProgram?: string;
}

/**
 * Runs argv lists, shell strings and script files. Under a root the argv
 * becomes `chroot ROOT …` with only `PATH`, `HOME` and the given variables
 * set. The exact argv (or the `logAs` name given for a command from
 * user-data) is logged before the run, and stderr after a non-zero exit.
 * Stdin, where secrets travel, is never logged.
 */
export class LinuxProcesses implements Processes {
  readonly #root?: string;
  readonly #chroot: string;

  constructor(options: LinuxProcessesOptions = {}) {
    this.#root = options.root;
    this.#chroot = options.chrootProgram ?? "chroot";
  }

  /** Builds the argv that {@linkcode run} executes for `command`, chroot prefix included. */
  buildArgv(command: ProcessCommand, cwd?: string): string[] {
    let argv = commandArgv(command, this.#root);
    if (this.#root === undefined) return argv;

    // chroot(8) changes to "/" inside the root, so a working folder is
    // entered by a small shell step inside the root.
    if (cwd !== undefined) {
      argv = ["/bin/sh", "-c", 'cd -- "$1" && shift && exec "$@"', "egs-cwd", cwd, ...argv];
    }
    return [this.#chroot, this.#root, ...argv];
  }

  /**
   * Runs `command` to its end and returns its exit code and output. A process
   * ended by signal N returns 128 + N, and the 8-bit statuses 233 and 235 are
   * returned as 1001 and 1003 (see {@linkcode widenRebootExitCode}). Throws
   * only when the program (or `chroot`) cannot be started.
   */
  async run(command: ProcessCommand, options: RunOptions = {}): Promise<ProcessResult> {
    const log = getLogger("platform", "processes");
    const argv = this.buildArgv(command, options.cwd);
    const chrooted = this.#root !== undefined;
    const name = options.logAs ?? argv.map(shellWord).join(" ");
    if (options.logAs === undefined) {
      log.info("Running {argv}.", { argv, root: this.#root });
    } else {
      log.info("Running {command}.", { command: options.logAs, root: this.#root });
    }

    const child = new Deno.Command(argv[0], {
      args: argv.slice(1),
      cwd: chrooted ? undefined : options.cwd,
      clearEnv: chrooted,
      env: chrooted ? { PATH: CHROOT_PATH, HOME: "/root", ...options.env } : options.env,
      stdin: options.stdin === undefined ? "null" : "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();

    const stdout = collect(child.stdout);
    const stderr = collect(child.stderr);
    if (options.stdin !== undefined) await writeStdin(child.stdin, options.stdin);

    const timer = startTimeout(child, options.timeoutSeconds);
    const status = await child.status;
    timer.cancel();

    const result: ProcessResult = {
      code: widenRebootExitCode(status.code),
      stdout: await drain(stdout),
      stderr: await drain(stderr),
    };
    if (timer.fired()) {
      result.stderr += `\nKilled after the timeout of ${options.timeoutSeconds} s.`;
    }
    if (result.code !== 0 && options.logFailure !== false) {
      log.warning("{command} exited with code {code}: {stderr}", {
        command: name,
        code: result.code,
        stderr: result.stderr.trim(),
      });
    }
    return result;
  }
}

function commandArgv(command: ProcessCommand, root: string | undefined): string[] {
  switch (command.kind) {
    case "argv":
      return [...command.argv];
    case "shell":
      return ["/bin/sh", "-c", command.command];
    case "script":
      return [scriptPathInRoot(command.path, root)];
  }
}

// Scripts are often written under the state folder, which lies inside the
// root under `--root`. Such a host path becomes the path inside the chroot.
function scriptPathInRoot(path: string, root: string | undefined): string {
  return root === undefined ? path : pathInRoot(root, path);
}

async function writeStdin(stream: WritableStream<Uint8Array>, data: Uint8Array): Promise<void> {
  const writer = stream.getWriter();
  try {
    await writer.write(data);
    await writer.close();
  } catch {
    // The program exited without reading all of stdin, and its exit code reports that.
  }
}

interface Collector {
  text: Promise<string>;
  reader: ReadableStreamDefaultReader<Uint8Array>;
}

function collect(stream: ReadableStream<Uint8Array>): Collector {
  const reader = stream.getReader();
  const text = (async () => {
    const chunks: Uint8Array[] = [];
    try {
      while (true) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
      }
    } catch {
      // Cancelled by drain() after the process ended.
    }
    return new TextDecoder().decode(concat(chunks));
  })();
  return { text, reader };
}

async function drain(collector: Collector): Promise<string> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, OUTPUT_DRAIN_MS);
  });
  const finished = await Promise.race([collector.text.then(() => true), late.then(() => false)]);
  clearTimeout(timer);
  if (!finished) await collector.reader.cancel().catch(() => {});
  return await collector.text;
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const total = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

function startTimeout(child: Deno.ChildProcess, seconds: number | undefined) {
  let fired = false;
  const timers: ReturnType<typeof setTimeout>[] = [];
  if (seconds !== undefined) {
    timers.push(setTimeout(() => {
      fired = true;
      kill(child, "SIGTERM");
      timers.push(setTimeout(() => kill(child, "SIGKILL"), KILL_GRACE_MS));
    }, seconds * 1000));
  }
  return {
    cancel: () => timers.forEach((timer) => clearTimeout(timer)),
    fired: () => fired,
  };
}

function kill(child: Deno.ChildProcess, signal: Deno.Signal): void {
  try {
    child.kill(signal);
  } catch {
    // The process has already exited.
  }
}

/**
 * Maps the exit statuses that `exit 1001` and `exit 1003` leave on Linux back
 * to those codes. A Linux exit status has 8 bits, so a script's `exit 1001`
 * arrives as 233 and `exit 1003` as 235. The reboot-and-continue protocol of
 * runcmd entries and scripts is defined by 1001 and 1003 on every OS, so the
 * Linux platform reports them as such.
 */
export function widenRebootExitCode(code: number): number {
  if (code === 1001 % 256) return 1001;
  if (code === 1003 % 256) return 1003;
  return code;
}

/** Quotes `word` for a log line the way a shell would need it; plain words stay as they are. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}
