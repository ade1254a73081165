/**
 * Runs PowerShell scripts with their parameters kept apart from their code:
 * the script goes in through `-EncodedCommand`, the parameters as JSON on
 * stdin, and the script prints its result as JSON on stdout. No value is
 * ever spliced into script text, so no value can change what the script does.
 */

import { decodeBase64, encodeBase64 } from "../../datasources/_base64.ts";
import { OperationError } from "../../errors.ts";
import { getLogger } from "../../log/logging.ts";

const log = getLogger("kvp", "powershell");

/** Runs one PowerShell script with a JSON input and returns its parsed JSON output. */
export interface PowerShellRunner {
  run(script: string, input: unknown): Promise<unknown>;
}

/** The command line and stdin of one PowerShell run, as {@linkcode buildPowerShellCommand} builds it. */
export interface PowerShellCommand {
  executable: string;
  args: string[];
  stdin: string;
}

/**
 * Prelude every script gets: stop on the first error, read the JSON
 * parameters from stdin as UTF-8, and define `Write-Result`, which prints a
 * value as base64 of its UTF-8 JSON. Console streams use the OEM code page
 * when redirected, so plain text would garble any non-ASCII key or value.
 */
const PRELUDE = `$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$stdinReader = New-Object System.IO.StreamReader([Console]::OpenStandardInput(), (New-Object System.Text.UTF8Encoding($false)))
$request = $stdinReader.ReadToEnd() | ConvertFrom-Json
function Write-Result($value) {
  $json = ConvertTo-Json -Compress -Depth 5 -InputObject $value
  [Console]::Out.Write([Convert]::ToBase64String([System.Text.Encoding]::UTF8.GetBytes($json)))
}
`;

/** Builds the `powershell.exe` command line for `script`, with `input` as the JSON stdin. */
export function buildPowerShellCommand(script: string, input: unknown): PowerShellCommand {
  return {
    executable: "powershell.exe",
    args: [
      "-NoLogo",
      "-NoProfile",
      "-NonInteractive",
      "-ExecutionPolicy",
      "Bypass",
      "-EncodedCommand",
      encodeUtf16Base64(PRELUDE + script),
    ],
    stdin: JSON.stringify(input ?? null),
  };
}

/** Encodes a script the way `-EncodedCommand` expects: UTF-16LE, then base64. */
export function encodeUtf16Base64(text: string): string {
  const bytes = new Uint8Array(text.length * 2);
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    bytes[index * 2] = unit & 0xff;
    bytes[index * 2 + 1] = unit >> 8;
  }
  return encodeBase64(bytes);
}

/**
 * Runs scripts with the Windows PowerShell that ships with Hyper-V hosts.
 * Throws an OperationError with the script's error output when it fails.
 */
export class ProcessPowerShellRunner implements PowerShellRunner {
  // NOTE: written for Windows hosts; no test has run it against real PowerShell.
  async run(script: string, input: unknown): Promise<unknown> {
    const command = buildPowerShellCommand(script, input);
    const child = new Deno.Command(command.executable, {
      args: command.args,
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(command.stdin));
    await writer.close();
    const output = await child.output();
    const stdout = new TextDecoder().decode(output.stdout).trim();
    const stderr = new TextDecoder().decode(output.stderr).trim();
    if (!output.success) {
      log.error("PowerShell failed with exit code {code}: {stderr}", { code: output.code, stderr });
      throw new OperationError(`PowerShell failed with exit code ${output.code}: ${stderr}`);
    }
    return parsePowerShellOutput(stdout);
  }
}

/** Parses what `Write-Result` printed: base64 of UTF-8 JSON. Empty output is null. */
export function parsePowerShellOutput(stdout: string): unknown {
  const text = stdout.trim();
  if (text === "") return null;
  const bytes = decodeBase64(text);
  try {
    if (bytes === undefined) throw new SyntaxError("not base64");
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw new OperationError(
      `PowerShell printed output that is not a Write-Result value: ${text.slice(0, 200)}`,
    );
  }
}
