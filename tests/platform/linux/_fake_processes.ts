/** A recording command runner for the Linux platform tests. */

import type {
  ProcessCommand,
  Processes,
  ProcessResult,
  RunOptions,
} from "../../../src/platform/types.ts";

/** One recorded call: the argv (or `sh -c` for shell strings) and stdin as text. */
export interface RecordedCall {
  argv: string[];
  stdin?: string;
}

/**
 * Records every command and returns exit 0, or the result that
 * `respond` returns for it. Nothing is executed.
 */
export class RecordingProcesses implements Processes {
  readonly calls: RecordedCall[] = [];
  readonly #respond: (argv: string[]) => Partial<ProcessResult> | undefined;

  constructor(respond: (argv: string[]) => Partial<ProcessResult> | undefined = () => undefined) {
    this.#respond = respond;
  }

  run(command: ProcessCommand, options: RunOptions = {}): Promise<ProcessResult> {
    const argv = command.kind === "argv"
      ? command.argv
      : command.kind === "shell"
      ? ["sh", "-c", command.command]
      : [command.path];
    const stdin = options.stdin === undefined ? undefined : new TextDecoder().decode(options.stdin);
    this.calls.push({ argv, stdin });
    return Promise.resolve({ code: 0, stdout: "", stderr: "", ...this.#respond(argv) });
  }

  /** Returns the recorded argv lists joined with spaces, for compact assertions. */
  commandLines(): string[] {
    return this.calls.map((call) => call.argv.join(" "));
  }
}

/** Writes `files` (target path to text) under `root`, creating folders. */
export async function writeTree(root: string, files: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    const hostPath = `${root}${path}`;
    await Deno.mkdir(hostPath.slice(0, hostPath.lastIndexOf("/")), { recursive: true });
    await Deno.writeTextFile(hostPath, text);
  }
}

/** Passwd and group files of a small fake root: root, alice (1000) and the groups sudo, adm, alice. */
export const SMALL_ACCOUNTS: Record<string, string> = {
  "/etc/passwd": "root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000:Alice:/home/alice:/bin/bash\n",
  "/etc/group": "root:x:0:\nadm:x:4:\nsudo:x:27:alice\nalice:x:1000:\n",
};
