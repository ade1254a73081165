/**
 * Runs Debian's `cloud-init schema -c FILE` inside the cached cloud-init root,
 * one process per file because that command takes one file, or, for
 * comparison, cloud-init's schema functions in one python3 process. The root is
 * chrooted through a read-only bind mount in a private mount namespace, with
 * tmpfs on /tmp and /run and the corpus bind-mounted read-only at
 * /tmp/corpus, so the run writes nothing to the cache or the corpus.
 */

import { timed, type ValidationRun } from "./_validation_run.ts";

// Arguments: the root, the corpus folder, the Python program ("" for one
// `cloud-init schema -c` process per file), then the file names. Each result
// is one stdout line: the exit code (0 for accepted), a space, the file name.
const SCHEMA_SCRIPT = `
set -eu
root="$1"
corpus="$2"
program="$3"
shift 3
mount --bind "$root" "$root"
mount -o remount,bind,ro "$root"
mount -t tmpfs tmpfs "$root/tmp"
mount -t tmpfs tmpfs "$root/run"
mkdir "$root/tmp/corpus"
mount --bind -o ro "$corpus" "$root/tmp/corpus"
if [ -n "$program" ]; then
  exec chroot "$root" python3 -c "$program" "$@"
fi
for name in "$@"; do
  if chroot "$root" cloud-init schema -c "/tmp/corpus/$name" >/dev/null 2>&1; then
    echo "0 $name"
  else
    echo "$? $name"
  fi
done
`;

// Calls the same functions as `cloud-init schema -c` (cloud-init 22.4), but
// loads Python and the schema once for all files.
const ONE_PROCESS_PROGRAM = `
import contextlib, sys
from cloudinit.config.schema import SchemaValidationError, get_schema, validate_cloudconfig_file
schema = get_schema()
results = sys.stdout
for name in sys.argv[1:]:
    code = 0
    with contextlib.redirect_stdout(sys.stderr):
        try:
            validate_cloudconfig_file("/tmp/corpus/" + name, schema)
        except (SchemaValidationError, RuntimeError):
            code = 1
    print(code, name, file=results)
`;

/** How cloud-init is run: one `cloud-init schema -c` per file, or one python3 for all files. */
export type CloudInitMode = "process-per-file" | "one-process";

/**
 * Validates each of `fileNames` (names inside `corpusDir`) with the root's
 * cloud-init and returns the wall time of the whole run and the counts.
 * Exit code 0 counts as accepted and any other code as rejected.
 */
export async function runCloudInitSchema(
  root: string,
  corpusDir: string,
  fileNames: readonly string[],
  mode: CloudInitMode = "process-per-file",
): Promise<ValidationRun> {
  const program = mode === "one-process" ? ONE_PROCESS_PROGRAM : "";
  const { seconds, result } = await timed(() =>
    new Deno.Command("unshare", {
      args: [
        "--mount",
        "--propagation",
        "private",
        "sh",
        "-c",
        SCHEMA_SCRIPT,
        "sh",
        root,
        corpusDir,
      ]
        .concat(program, fileNames),
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output()
  );

  const decoder = new TextDecoder();
  if (!result.success) {
    throw new Error(
      `Running cloud-init schema (${mode}) in "${root}" failed with exit code ${result.code}: ` +
        decoder.decode(result.stderr).trim().slice(-1000),
    );
  }

  const lines = decoder.decode(result.stdout).split("\n").filter((line) => line !== "");
  if (lines.length !== fileNames.length) {
    throw new Error(
      `cloud-init schema (${mode}) reported ${lines.length} results for ${fileNames.length} files.`,
    );
  }
  const rejectedNames = lines.filter((line) => !line.startsWith("0 "))
    .map((line) => line.slice(line.indexOf(" ") + 1))
    .sort();
  return {
    seconds,
    accepted: lines.length - rejectedNames.length,
    rejected: rejectedNames.length,
    rejectedNames,
  };
}

/** Returns the Debian version of the cloud-init package in `root`, such as "22.4.2-1+deb12u4". */
export async function cloudInitVersion(root: string): Promise<string> {
  const output = await new Deno.Command("dpkg-query", {
    args: [`--admindir=${root}/var/lib/dpkg`, "--show", "--showformat=${Version}", "cloud-init"],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!output.success) {
    const reason = new TextDecoder().decode(output.stderr).trim();
    throw new Error(
      `Cannot read the cloud-init version in "${root}": ${reason}. ` +
        "Remove that root from the test cache so the next run builds it again.",
    );
  }
  return new TextDecoder().decode(output.stdout).trim();
}
