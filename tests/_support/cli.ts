/**
 * Runs egs-service or egs-tool from source as a child process, the way users
 * and CI run them, and captures the result.
 */

import { SERVICE_PERMISSION_FLAGS, TOOL_PERMISSION_FLAGS } from "../../src/permissions.ts";
import { mainScript } from "./main_script.ts";
import { REPO_ROOT } from "./shared.ts";

/** Output and exit code of one CLI run. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the main script of `binary` ({@linkcode mainScript}, or `options.script`)
 * with `args` and the permission flags the compiled binary has; `stdin` is
 * written to the child when given.
 */
export async function runCli(
  binary: "service" | "tool",
  args: string[],
  options: {
    stdin?: string | Uint8Array;
    env?: Record<string, string>;
    cwd?: string;
    script?: string;
  } = {},
): Promise<CliResult> {
  const flags = binary === "service" ? SERVICE_PERMISSION_FLAGS : TOOL_PERMISSION_FLAGS;
  const command = new Deno.Command(Deno.execPath(), {
    args: ["run", ...flags, options.script ?? mainScript(binary), ...args],
    stdin: options.stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1", ...options.env },
    cwd: options.cwd ?? REPO_ROOT,
  });
  const child = command.spawn();
  if (options.stdin !== undefined) {
    const writer = child.stdin.getWriter();
    const bytes = typeof options.stdin === "string"
      ? new TextEncoder().encode(options.stdin)
      : options.stdin;
    await writer.write(bytes);
    await writer.close();
  }
  const output = await child.output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}
