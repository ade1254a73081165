/**
 * Runs `egs-service validate --format json --user-data DIR` once over a whole
 * folder, the way users run it: from source with `deno run`, or as the
 * compiled binary.
 */

import { basename } from "node:path";
import { timed, type ValidationRun } from "./_validation_run.ts";

/** How egs-service is started: the argv before the subcommand. */
export interface EgsLauncher {
  label: string;
  argv: string[];
}

interface ValidateReport {
  files: { file: string; status: string }[];
  exitCode: number;
}

/**
 * Validates every file under `corpusDir` in one egs-service process and
 * returns the wall time and the counts. A file counts as accepted when its
 * status is `valid` and as rejected when it is `invalid` or `unparseable`.
 * Throws when the process prints no JSON report, for example when the
 * command does not exist.
 */
export async function runEgsValidate(
  launcher: EgsLauncher,
  corpusDir: string,
): Promise<ValidationRun> {
  const argv = [...launcher.argv, "validate", "--format", "json", "--user-data", corpusDir];
  const { seconds, result } = await timed(() =>
    new Deno.Command(argv[0], {
      args: argv.slice(1),
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1" },
    }).output()
  );

  const decoder = new TextDecoder();
  let report: ValidateReport;
  try {
    report = JSON.parse(decoder.decode(result.stdout));
  } catch {
    throw new Error(
      `${argv.join(" ")} exited with code ${result.code} without a JSON report: ` +
        decoder.decode(result.stderr).trim().slice(0, 500),
    );
  }

  const rejectedNames = report.files.filter((file) => file.status !== "valid")
    .map((file) => basename(file.file))
    .sort();
  return {
    seconds,
    accepted: report.files.length - rejectedNames.length,
    rejected: rejectedNames.length,
    rejectedNames,
  };
}
