/**
 * Shared command-line plumbing for egs-service and egs-tool: global logging
 * options, the `--format`/`--json` pair, and the top-level error handler that
 * turns errors into exit codes and one-line messages instead of stack traces.
 */

import { Command, CommanderError, Option } from "@commander-js/extra-typings";
import { ExitCode } from "../exit_codes.ts";
import { type LogFormat, parseLogLevel, setupLogging } from "../log/logging.ts";
import { LOG_FORMAT_CHOICES, LOG_LEVEL_CHOICES } from "./common_options.ts";
import { exitWith } from "./exit_with.ts";

/** Adds `--log-level` and `--log-format` to a program and configures logging before each action. */
export function withLoggingOptions<T extends Command<[], Record<string, unknown>>>(program: T): T {
  program
    .addOption(
      new Option("--log-level <level>", "lowest log level written to stderr")
        .choices(LOG_LEVEL_CHOICES)
        .default("info"),
    )
    .addOption(
      new Option("--log-format <format>", "log line format; auto is text on a terminal, else JSON")
        .choices(LOG_FORMAT_CHOICES)
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

/**
 * Adds `--format <format>` limited to `formats`, and `--json` as shorthand
 * for `--format json`. Giving both is a usage error, so neither silently wins.
 */
export function addFormatOptions<Args extends unknown[], Opts extends Record<string, unknown>>(
  command: Command<Args, Opts>,
  formats: readonly [string, ...string[]],
  defaultFormat: string,
) {
  return command
    .addOption(
      new Option("--format <format>", "output format").choices(formats).default(defaultFormat),
    )
    .addOption(new Option("--json", "shorthand for --format json").conflicts("format"));
}

/** Returns the output format chosen by `--format` or `--json`. */
export function selectedFormat(options: { format?: string; json?: boolean }): string {
  return options.json ? "json" : options.format ?? "text";
}

/**
 * Parses `argv` and runs the matching action, then exits with the code the
 * action left in `Deno.exitCode`.
 * Usage errors exit 2; an EGS error exits with its own code and
 * prints its message; anything else prints one line (the stack only when
 * `EGS_DEBUG` is set) and exits 1.
 */
export async function runProgram(
  program: Command<[], Record<string, unknown>>,
  argv: string[],
): Promise<never> {
  program.configureOutput({ outputError: (text, write) => write(text) });
  // Listing commands by name keeps the term column narrow, so descriptions
  // wrap within 80 columns; each command's own --help shows its arguments.
  program.configureHelp({ helpWidth: 80, subcommandTerm: (command) => command.name() });
  program.exitOverride();
  program.showHelpAfterError(`(run "${program.name()} --help" for the commands and options)`);
  for (const command of program.commands) {
    command.exitOverride();
    command.showHelpAfterError(
      `(run "${program.name()} ${command.name()} --help" for its options)`,
    );
  }

  return await exitWith(async () => {
    try {
      rejectUnknownCommand(program, argv);
      rejectOptionAsValue(program, argv);
      await program.parseAsync(argv, { from: "user" });
    } catch (error) {
      if (!(error instanceof CommanderError)) throw error;
      Deno.exitCode = exitCodeForCommander(error);
    }
  });
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

/**
 * Rejects an option that needs a value when the next argument is another
 * long option of the same command, up to a `--`. commander would take `--root` in
 * `run --seed --root DIR` as the seed, then complain about DIR as an extra
 * argument.
 */
function rejectOptionAsValue(program: Command<[], Record<string, unknown>>, argv: string[]): void {
  // Without a command name the default command runs, so every command's options count.
  const named = program.commands.find((candidate) => candidate.name() === argv[0]);
  const commands = named === undefined ? program.commands : [named];
  const options = [...program.options, ...commands.flatMap((command) => command.options)];
  const longFlags = new Set(options.map((option) => option.long));
  const end = argv.includes("--") ? argv.indexOf("--") : argv.length;
  for (let index = 0; index < end - 1; index++) {
    const option = options.find((candidate) => candidate.long === argv[index]);
    if (option === undefined || !option.required || !longFlags.has(argv[index + 1])) continue;
    throw new CommanderError(
      ExitCode.Usage,
      OPTION_TAKEN_AS_VALUE,
      `option '${option.flags}' needs a value, but the next argument is the option ` +
        `'${argv[index + 1]}'. Give ${option.long} its value first.`,
    );
  }
}

// Codes of the commander errors that runProgram raises itself and so prints itself.
const OPTION_TAKEN_AS_VALUE = "egs.optionTakenAsValue";
const OWN_ERRORS = ["commander.unknownCommand", OPTION_TAKEN_AS_VALUE];

/** Returns the exit code of a commander error: 0 for help and version, else 2 (usage). */
function exitCodeForCommander(error: CommanderError): number {
  if (OWN_ERRORS.includes(error.code)) console.error(`error: ${error.message}`);
  const informational = ["commander.helpDisplayed", "commander.version", "commander.help"];
  return informational.includes(error.code) ? ExitCode.Ok : ExitCode.Usage;
}
