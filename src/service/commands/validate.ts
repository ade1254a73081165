/**
 * `egs-service validate`: checks user-data files with the loader, pipeline
 * and schema the agent uses at boot, and prints every problem with its file,
 * key path, line, expectation and hint. Imports nothing of the SSH stack or
 * the provisioning engine.
 */

import { formatProblem } from "../../cloudconfig/problem.ts";
import type { ValidationTarget } from "../../cloudconfig/schema/targets.ts";
import { worstExitCode } from "../../exit_codes.ts";
import { UsageError } from "../../errors.ts";
import { getLogger } from "../../log/logging.ts";
import { exitCodeOf, type FileReport, validateFile } from "./_validate_file.ts";
import { collectUserDataFiles } from "./_validate_scan.ts";

/** Options of {@linkcode validateCommand}, as parsed from the command line. */
export interface ValidateCommandOptions {
  userData: string[];
  target: ValidationTarget;
  format: "text" | "json";
  fetchIncludes?: boolean;
}

/** Validates every file, prints the reports and sets `Deno.exitCode` to the highest file code. */
export async function validateCommand(options: ValidateCommandOptions): Promise<void> {
  const log = getLogger("validate");
  if (options.userData.length === 0) {
    throw new UsageError("No input: give --user-data PATH (a file or a directory), repeatable.");
  }
  const files = await collectUserDataFiles(options.userData);
  if (files.length === 0) {
    throw new UsageError(
      `No user-data files found in ${options.userData.join(", ")}: a directory is scanned for ` +
        "files that start with a user-data marker or end in .yaml or .yml.",
    );
  }

  const reports: FileReport[] = [];
  for (const file of files) {
    const report = await validateFile(file, {
      target: options.target,
      fetchIncludes: options.fetchIncludes ?? false,
    });
    log.debug("Validated {file}: {status}.", { file, status: report.status });
    reports.push(report);
  }

  const exitCode = worstExitCode(reports.map(exitCodeOf));
  if (options.format === "json") {
    const output = { files: reports, exitCode };
    console.log(JSON.stringify(output, null, 2));
  } else {
    printText(reports);
  }
  Deno.exitCode = exitCode;
}

function printText(reports: readonly FileReport[]): void {
  for (const report of reports) {
    for (const problem of report.problems) console.log(formatProblem(problem));
    console.log(`${report.file}: ${report.status}${countText(report)}`);
  }
  if (reports.length > 1) {
    const count = (status: string) => reports.filter((report) => report.status === status).length;
    console.log(
      `${reports.length} files: ${count("valid")} valid, ${count("invalid")} invalid, ` +
        `${count("unparseable")} unparseable`,
    );
  }
}

function countText(report: FileReport): string {
  const errors = report.problems.filter((problem) => problem.severity === "error").length;
  const warnings = report.problems.length - errors;
  const parts = [];
  if (errors > 0) parts.push(`${errors} error${errors === 1 ? "" : "s"}`);
  if (warnings > 0) parts.push(`${warnings} warning${warnings === 1 ? "" : "s"}`);
  return parts.length === 0 ? "" : ` (${parts.join(", ")})`;
}
