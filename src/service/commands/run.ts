/**
 * `egs-service run`: provisions once, from a datasource or a user-data file,
 * and exits with the run's code (0 done, no datasource or reboot recorded;
 * 1 failed; 2 usage or unreadable input). Under `--root DIR` the state, log
 * and KVP locations default to their places inside DIR and nothing acts on
 * the running machine.
 */

import { InputError, OperationError, UsageError } from "../../errors.ts";
import { WarningCollector } from "../../log/warning_collector.ts";
import { requirePermissions } from "../../cli/require_permissions.ts";
import { SERVICE_PERMISSION_FLAGS } from "../../permissions.ts";
import { getLogger, type LogFormat, parseLogLevel, setupLogging } from "../../log/logging.ts";
import { resolveAgentPaths } from "../../provisioning/agent/agent_paths.ts";
import { requireInstanceId } from "../../provisioning/agent/find_seed.ts";
import { openReportStore } from "../../provisioning/agent/open_report_store.ts";
import { openLogFile } from "../../provisioning/agent/log_file_sink.ts";
import { type AgentResult, runAgent } from "../../provisioning/agent/run_agent.ts";
import { loadSettings, type Stage } from "../../settings/settings.ts";
import { loadPlatformAndModules } from "./_provisioning_parts.ts";

/** Options of {@linkcode runCommand}, as the command line sets them. */
export interface RunCommandOptions {
  dryRun?: boolean;
  force?: boolean;
  userData?: string;
  instanceId?: string;
  stage?: Stage;
  seed?: string;
  root?: string;
  configDir?: string;
  stateDir?: string;
  logDir?: string;
  kvpDir?: string;
  bootId?: string;
  format: "text" | "json";
  /** Global logging options, applied again with the log file added. */
  logLevel?: string;
  logFormat?: string;
}

/** Runs provisioning with the command's options and sets the process exit code. */
export async function runCommand(options: RunCommandOptions): Promise<void> {
  requirePermissions("egs-service run", SERVICE_PERMISSION_FLAGS);
  checkArguments(options);
  const paths = resolveAgentPaths(options);
  const logFile = options.dryRun ? undefined : openRunLog(paths.logDir);
  const warnings = new WarningCollector();
  setupLogging({
    level: parseLogLevel(options.logLevel ?? "info"),
    format: (options.logFormat ?? "auto") as LogFormat,
    extraSinks: logFile === undefined ? [warnings.sink] : [logFile.sink, warnings.sink],
  });
  const log = getLogger("provisioning", "run");
  try {
    const settings = await loadSettings(paths);
    log.info("Provisioning run: root {root}, state {stateDir}, dry run {dryRun}.", {
      root: paths.root,
      stateDir: paths.stateDir,
      dryRun: options.dryRun ?? false,
    });
    const { platform, modules } = loadPlatformAndModules({
      paths,
      settings,
      bootId: options.bootId,
    });
    const result = await runAgent({
      paths,
      settings,
      platform,
      modules,
      kvp: options.dryRun ? undefined : await openReportStore(paths, options.kvpDir !== undefined),
      seed: {
        userDataPath: options.userData,
        instanceId: options.instanceId,
        seed: options.seed,
        kvpDir: options.kvpDir,
      },
      stage: options.stage,
      dryRun: options.dryRun,
      force: options.force,
      bootId: options.bootId,
      warnings: () => warnings.messages,
    });
    if (result.outcome === "no-datasource" && options.seed !== undefined) {
      // A seed named on the command line without data is a mistake to report,
      // where an empty boot without any datasource is not.
      throw new InputError(
        `No datasource found in --seed "${options.seed}": a NoCloud seed needs meta-data ` +
          "(and user-data), a ConfigDrive needs openstack/latest/meta_data.json. " +
          "Add the missing file or pass another seed.",
      );
    }
    console.log(formatRunResult(result, options.format, warnings.messages));
    Deno.exitCode = result.exitCode;
  } finally {
    logFile?.close();
  }
}

/**
 * Rejects a `--root`, `--seed` or `--user-data` that does not exist, and
 * `--user-data` without `--instance-id`, before anything is written. A typing
 * mistake then neither creates folders nor marks the target as failed.
 */
function checkArguments(options: RunCommandOptions): void {
  if (options.root !== undefined && !pathExists(options.root)) {
    throw new UsageError(
      `Cannot use --root "${options.root}": the folder does not exist. ` +
        "Pass the root of an unpacked image or a mounted disk.",
    );
  }
  if (options.seed !== undefined && !pathExists(options.seed)) {
    throw new InputError(
      `Cannot read --seed "${options.seed}": no such file or folder. ` +
        "Pass a seed folder, a seed image file or a device.",
    );
  }
  if (options.userData === undefined) return;
  if (options.seed !== undefined) {
    throw new UsageError(
      `Cannot use --seed "${options.seed}" with --user-data "${options.userData}": ` +
        "the user-data file replaces the datasource. Pass one of them.",
    );
  }
  requireInstanceId(options.userData, options.instanceId);
  if (!pathExists(options.userData)) {
    throw new InputError(
      `Cannot read --user-data "${options.userData}": no such file. ` +
        "Pass the path of a user-data file.",
      { file: options.userData },
    );
  }
}

/** Reports whether `path` exists. Throws an input error when it cannot be checked. */
function pathExists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch (error) {
    const missing = error instanceof Deno.errors.NotFound ||
      error instanceof Deno.errors.NotADirectory;
    if (missing) return false;
    throw new InputError(`Cannot read "${path}": ${(error as Error).message}.`, { file: path }, {
      cause: error,
    });
  }
}

function openRunLog(logDir: string) {
  try {
    return openLogFile(logDir);
  } catch (error) {
    throw new OperationError(
      `Cannot open the provisioning log in "${logDir}": ${(error as Error).message}. ` +
        "Run as root, or pass --root DIR or --log-dir DIR.",
      { cause: error },
    );
  }
}

/** Formats the result of a run as `run` prints it. */
export function formatRunResult(
  result: AgentResult,
  format: "text" | "json",
  warnings: readonly string[] = [],
): string {
  const report = result.report;
  if (format === "json") {
    return JSON.stringify(
      {
        outcome: result.outcome,
        exitCode: result.exitCode,
        status: report?.status,
        rebootPending: report?.rebootPending,
        errors: report?.errors ?? [],
        warnings,
        actions: report?.actions ?? [],
      },
      null,
      2,
    );
  }
  switch (result.outcome) {
    case "no-datasource":
      return "No datasource found; nothing was provisioned.";
    case "deferred-to-cloud-init":
      return "cloud-init provisions this target; EGS reported its status only.";
  }
  const lines = [`Status: ${report?.status}`];
  const verb = result.outcome === "dry-run" ? "would run" : "ran";
  for (const action of report?.actions ?? []) {
    if (action.action === "skip") {
      lines.push(`  ${action.stage}/${action.module}: skipped (${action.reason})`);
    } else if (action.failure !== undefined) {
      const failed = result.outcome === "dry-run" ? "would fail" : "failed";
      lines.push(`  ${action.stage}/${action.module}: ${failed} (${action.failure})`);
    } else {
      lines.push(`  ${action.stage}/${action.module}: ${verb} (${action.reason})`);
    }
  }
  if (report?.rebootPending !== undefined) {
    lines.push(
      `Reboot pending: requested by ${report.rebootPending.module} (${report.rebootPending.reason})`,
    );
  }
  for (const error of report?.errors ?? []) lines.push(`Error: ${error}`);
  for (const warning of warnings) lines.push(`Warning: ${warning}`);
  return lines.join("\n");
}
