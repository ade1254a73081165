/**
 * Declares the provisioning commands of egs-service: `run`, `status`,
 * `reset` and `collect-logs`. Their modules load only when the command runs.
 */

import { type Command, InvalidArgumentError, Option } from "@commander-js/extra-typings";
import { addFormatOptions, selectedFormat } from "../../cli/program.ts";
import type { RunCommandOptions } from "./run.ts";
import { ROOT_HELP, RUN_FORMATS, RUN_OPTIONS } from "./run_arguments.ts";

/** Adds `run`, `status`, `reset` and `collect-logs` to `program`. */
export function registerProvisioningCommands(program: Command): void {
  registerRun(program);
  registerStatus(program);
  registerReset(program);
  registerCollectLogs(program);
}

function registerRun(program: Command): void {
  const run = program.command("run")
    .description(
      "provision once: find the seed, run the stages and exit 0 (done, no datasource, " +
        "reboot recorded), 1 (failed) or 2 (usage, unreadable input)",
    );
  for (const spec of RUN_OPTIONS) {
    const option = new Option(
      spec.value === undefined ? spec.flag : `${spec.flag} ${spec.value}`,
      spec.description,
    );
    run.addOption(spec.choices === undefined ? option : option.choices(spec.choices));
  }
  addFormatOptions(run, RUN_FORMATS, "text").action(async (options, command) => {
    const { runCommand } = await import("./run.ts");
    const globals = command.optsWithGlobals() as { logLevel?: string; logFormat?: string };
    await runCommand({
      ...(options as Omit<RunCommandOptions, "format">),
      format: selectedFormat(options) as RunCommandOptions["format"],
      logLevel: globals.logLevel,
      logFormat: globals.logFormat,
    });
  });
}

function registerStatus(program: Command): void {
  const status = program.command("status")
    .description("print the state of the last provisioning run; exit 1 when it failed")
    .option("--wait", "wait until provisioning completes or fails")
    .addOption(
      new Option("--timeout <seconds>", "with --wait: give up after this long (exit code 3)")
        .argParser(parseSeconds),
    )
    .option("--root <dir>", ROOT_HELP)
    .option("--state-dir <dir>", "state directory (default /var/lib/eryph/provisioning)");
  addFormatOptions(status, ["text", "json"], "text").action(async (options) => {
    const { statusCommand } = await import("./status.ts");
    await statusCommand({ ...options, format: selectedFormat(options) as "text" | "json" });
  });
}

function registerReset(program: Command): void {
  program.command("reset")
    .description(
      "forget earlier provisioning runs, like cloud-init clean, so the next run is a first boot",
    )
    .option("--logs", "also remove the log files")
    .option("--scripts", "also remove the staged user scripts")
    .option("--reset-once", "also reset per-once modules, so they run again")
    .option("--keep-per-boot", "keep per-boot markers, so per-boot modules wait for the next boot")
    .option("--root <dir>", ROOT_HELP)
    .option("--state-dir <dir>", "state directory (default /var/lib/eryph/provisioning)")
    .option("--log-dir <dir>", "log directory (default /var/log/eryph/guest-services)")
    .action(async (options) => {
      const { resetCommand } = await import("./reset.ts");
      await resetCommand(options);
    });
}

function registerCollectLogs(program: Command): void {
  program.command("collect-logs")
    .description("write a zip of state, logs, staged scripts and version, with secrets redacted")
    .option("--output <path>", "zip file to write (default egs-logs.zip)")
    .option("--root <dir>", ROOT_HELP)
    .option("--state-dir <dir>", "state directory (default /var/lib/eryph/provisioning)")
    .option("--log-dir <dir>", "log directory (default /var/log/eryph/guest-services)")
    .action(async (options) => {
      const { collectLogsCommand } = await import("./collect_logs.ts");
      await collectLogsCommand(options);
    });
}

function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new InvalidArgumentError(`"${value}" is not a number of seconds: expected 0 or more.`);
  }
  return seconds;
}
