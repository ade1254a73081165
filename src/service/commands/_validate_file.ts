/**
 * Validates one user-data file the way the agent reads it at boot: the
 * user-data pipeline (markers, MIME, gzip, archives, jinja), then the schema
 * checks on the merged cloud-config.
 */

import { loadCloudConfig } from "../../cloudconfig/load.ts";
import type { Problem } from "../../cloudconfig/problem.ts";
import type { ValidationTarget } from "../../cloudconfig/schema/targets.ts";
import { hasErrors, validateCloudConfig } from "../../cloudconfig/validate.ts";
import { EgsError, formatLocation, InputError } from "../../errors.ts";
import { ExitCode } from "../../exit_codes.ts";
import { type Fetcher, FetchError, processUserData } from "../../userdata/mod.ts";
import { hasYamlExtension, startsLikeUserData } from "./_validate_scan.ts";

/** Verdict on one file: `unparseable` when it cannot be read or parsed at all. */
export type FileStatus = "valid" | "invalid" | "unparseable";

/** Result of validating one file. */
export interface FileReport {
  file: string;
  status: FileStatus;
  problems: Problem[];
}

/** Options of {@linkcode validateFile}. */
export interface ValidateFileOptions {
  target: ValidationTarget;
  /** Fetch `#include` URLs; when unset, includes are reported and not fetched. */
  fetchIncludes: boolean;
}

/** Returns the exit code a report contributes: 0 valid, 1 invalid, 2 unparseable. */
export function exitCodeOf(report: FileReport): ExitCode {
  if (report.status === "unparseable") return ExitCode.Usage;
  return report.status === "invalid" ? ExitCode.Failure : ExitCode.Ok;
}

/** Refuses every include, so `validate` stays offline unless `--fetch-includes` is given. */
const offlineFetcher: Fetcher = {
  fetch(url: URL): Promise<Uint8Array> {
    return Promise.reject(
      new FetchError(url, "validate fetches includes only with --fetch-includes", false, {
        hint: "Pass --fetch-includes to fetch the included content and check it too.",
      }),
    );
  },
};

/**
 * Reads, loads and validates one file. Bad input becomes a report: an
 * unreadable or unparseable file, or another EGS error from the pipeline,
 * never an exception. Errors that are not EGS errors (bugs) are raised.
 */
export async function validateFile(
  path: string,
  options: ValidateFileOptions,
): Promise<FileReport> {
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(path);
  } catch (error) {
    return unparseable(path, {
      severity: "error",
      code: "unreadable",
      message: `Cannot read the file: ${readFailure(error)}`,
      file: path,
      hint: "Check the path and its permissions.",
    });
  }

  const problems: Problem[] = [];
  let cloudConfig: Record<string, unknown>;
  try {
    if (hasYamlExtension(path) && !startsLikeUserData(bytes)) {
      problems.push(missingMarker(path));
      cloudConfig = loadCloudConfig(new TextDecoder().decode(bytes), {
        file: path,
        warnings: problems,
      });
    } else {
      const result = await processUserData({
        userData: bytes,
        names: [path],
        fetcher: options.fetchIncludes ? undefined : offlineFetcher,
      });
      problems.push(...result.warnings);
      cloudConfig = result.cloudConfig;
    }
  } catch (error) {
    if (error instanceof EgsError && !(error instanceof InputError)) {
      return { file: path, status: "invalid", problems: [rejected(path, error)] };
    }
    if (!(error instanceof InputError)) throw error;
    return unparseable(path, {
      severity: "error",
      code: "unparseable",
      message: withoutLocation(error.message, formatLocation(error.location)),
      file: nameFile({ severity: "error", code: "", message: "", file: error.location.file }, path)
        .file,
      line: error.location.line,
      column: error.location.column,
      hint: "Fix the syntax at that line; YAML indentation uses spaces, never tabs.",
    });
  }

  problems.push(...validateCloudConfig(cloudConfig, { target: options.target, file: path }));
  const named = problems.map((problem) => nameFile(problem, path));
  return { file: path, status: hasErrors(named) ? "invalid" : "valid", problems: named };
}

function unparseable(file: string, problem: Problem): FileReport {
  return { file, status: "unparseable", problems: [problem] };
}

function rejected(path: string, error: EgsError): Problem {
  return {
    severity: "error",
    code: "rejected",
    message: error.message,
    file: path,
    hint: "Fix the input the message names.",
  };
}

function missingMarker(path: string): Problem {
  return {
    severity: "warning",
    code: "missing-marker",
    message: "The file does not start with #cloud-config, so the agent would ignore it at boot; " +
      "it is checked as cloud-config anyway.",
    file: path,
    line: 1,
    hint: "Add #cloud-config as the first line.",
  };
}

/** Names the file in every problem; a part of a multipart file keeps the file name in front. */
function nameFile(problem: Problem, path: string): Problem {
  if (problem.file === undefined) return { ...problem, file: path };
  if (problem.file.startsWith(path)) return problem;
  return { ...problem, file: `${path} (${problem.file})` };
}

/** Removes a leading `file:line:column: ` from an error message, which the problem line repeats. */
function withoutLocation(message: string, location: string): string {
  return location !== "" && message.startsWith(`${location}: `)
    ? message.slice(location.length + 2)
    : message;
}

/** Words a failed read without Deno's call details. */
function readFailure(error: unknown): string {
  if (error instanceof Deno.errors.NotFound) return "it does not exist";
  if (error instanceof Deno.errors.PermissionDenied) return "permission denied";
  if (error instanceof Deno.errors.IsADirectory) return "it is a directory";
  return error instanceof Error ? error.message : String(error);
}
