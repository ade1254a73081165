/**
 * Shared command-line plumbing for egs-service and egs-tool: global logging
 * options, the `--format`/`--json` pair, and the top-level error handler that
 * turns errors into exit codes and one-line messages instead of stack traces.
 */

import { Command, CommanderError, Option } from "@commander-js/extra-typings";
import { EgsError } from "../errors.ts";
import { ExitCode } from "../exit_codes.ts";
import { type LogFormat, parseLogLevel, setupLogging } from "../log/logging.ts";

/** Adds `--log-level` and `--log-format` to a program and configures logging before each action. */
export function withLoggingOptions<T extends Command<[], Record<string, unknown>>>(program: T): T {
  program
    .addOption(
      new Option("--log-level <level>", "lowest log level written to stderr")
        .choices(["trace", "debug", "info", "warning", "warn", "error", "fatal"])
        .default("info"),
    )
    .addOption(
      new Option("--log-format <format>", "log line format; auto is text on a terminal, else JSON")
        .choices(["auto", "text", "json"])
        .default("auto"),
    )
    .hook("preAction", (command) => {
      const options = command.opts() as { logLevel?: string; logFormat?: string };
      setupLogging({
        level: parseLogLevel(options.logLevel ?? "info"),
        format: (options.logFormat ?? "auto") as LogFormat,
      });
    });
  return program;
}

/** Adds `--format <format>` limited to `formats`, and `--json` as shorthand for `--format json`. */
export function addFormatOptions<Args extends unknown[], Opts extends Record<string, unknown>>(
  command: Command<Args, Opts>,
  formats: readonly [string, ...string[]],
  defaultFormat: string,
) {
  return command
    .addOption(
      new Option("--format <format>", "output format").choices(formats).default(defaultFormat),
    )
    .addOption(new Option("--json", "shorthand for --format json"));
}

/** Returns the output format chosen by `--format` or `--json`. */
export function selectedFormat(options: { format?: string; json?: boolean }): string {
  return options.json ? "json" : options.format ?? "text";
}

/**
 * Parses `argv` and runs the matching action, then exits with the code the
 * action left in `Deno.exitCode`.
 * Usage errors exit 2; an {@linkcode EgsError} exits with its own code and
 * prints its message; anything else prints one line (the stack only when
 * `EGS_DEBUG` is set) and exits 1.
 */
export async function runProgram(
  program: Command<[], Record<string, unknown>>,
  argv: string[],
): Promise<never> {
  program.exitOverride();
  program.configureOutput({ outputError: (text, write) => write(text) });
  // Listing commands by name keeps the term column narrow, so descriptions
  // wrap within 80 columns; each command's own --help shows its arguments.
  program.configureHelp({ helpWidth: 80, subcommandTerm: (command) => command.name() });
  for (const command of program.commands) command.exitOverride();

  let code: number = ExitCode.Ok;
  try {
    rejectUnknownCommand(program, argv);
    await program.parseAsync(argv, { from: "user" });
    code = Deno.exitCode;
  } catch (error) {
    code = exitCodeFor(error);
  }
  Deno.exit(code);
}

/**
 * Rejects a first argument that names no command. Without this check a typo
 * such as `valdate` would reach the default command as an extra argument and
 * produce a confusing message about that command.
 */
function rejectUnknownCommand(program: Command<[], Record<string, unknown>>, argv: string[]): void {
  const first = argv[0];
  if (first === undefined || first.startsWith("-")) return;
  const names = program.commands.flatMap((command) => [command.name(), ...command.aliases()]);
  if (names.length === 0 || names.includes(first) || first === "help") return;
  throw new CommanderError(
    ExitCode.Usage,
    "commander.unknownCommand",
    `unknown command '${first}'`,
  );
}

function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) {
    if (error.code === "commander.unknownCommand") console.error(`error: ${error.message}`);
    const informational = ["commander.helpDisplayed", "commander.version", "commander.help"];
    return informational.includes(error.code) ? ExitCode.Ok : ExitCode.Usage;
  }
  if (error instanceof EgsError) {
    console.error(`error: ${error.message}`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  console.error(`error: ${message}`);
  if (Deno.env.get("EGS_DEBUG") && error instanceof Error) console.error(error.stack);
  return ExitCode.Failure;
}
