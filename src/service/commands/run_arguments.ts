/**
 * The options of `egs-service run` as data, and their parser. A first boot
 * waits for `run`, so egs-service parses its plain arguments without loading
 * commander. Help, mistakes and every other command go through commander,
 * which declares `run` from the same list.
 */

import { formatOptions, LOGGING_OPTIONS } from "../../cli/common_options.ts";
import { type LongOption, parseKnownOptions } from "../../cli/parse_known_options.ts";
import { STAGES } from "../../settings/stages.ts";
import type { RunCommandOptions } from "./run.ts";

/** Help for `--root`, which several commands share. */
export const ROOT_HELP =
  "target system root: every path and command stays inside it (image builds, tests)";

/** One option of `run` with its help text. */
export interface RunOption extends LongOption {
  description: string;
}

/** The options of `run`, in the order help lists them. */
export const RUN_OPTIONS: readonly RunOption[] = [
  { flag: "--dry-run", description: "show which modules would run; change nothing" },
  { flag: "--force", description: "provision even where cloud-init is installed and enabled" },
  {
    flag: "--user-data",
    value: "<path>",
    description: "provision from this user-data file instead of a datasource",
  },
  {
    flag: "--instance-id",
    value: "<id>",
    description: "instance id for --user-data, or to override the datasource's",
  },
  { flag: "--stage", value: "<stage>", choices: STAGES, description: "run this stage only" },
  {
    flag: "--seed",
    value: "<path>",
    description: "NoCloud or ConfigDrive seed directory, image file or device",
  },
  { flag: "--root", value: "<dir>", description: ROOT_HELP },
  { flag: "--config-dir", value: "<dir>", description: "directory of egs-provisioning.json" },
  {
    flag: "--state-dir",
    value: "<dir>",
    description: "state directory (default /var/lib/eryph/provisioning)",
  },
  {
    flag: "--log-dir",
    value: "<dir>",
    description: "log directory (default /var/log/eryph/guest-services)",
  },
  {
    flag: "--kvp-dir",
    value: "<dir>",
    description: "directory of the KVP pool files (default /var/lib/hyperv)",
  },
  {
    flag: "--boot-id",
    value: "<id>",
    description: "boot id instead of the kernel's; tests simulate reboots with it",
  },
];

/** Output formats of `run`. */
export const RUN_FORMATS = ["text", "json"] as const;

/**
 * Returns the options of an `egs-service run` command line, or undefined when
 * `argv` is another command or anything the plain parser does not accept.
 */
export function parseRunArguments(argv: readonly string[]): RunCommandOptions | undefined {
  if (argv[0] !== "run") return undefined;
  const known = [...RUN_OPTIONS, ...formatOptions(RUN_FORMATS), ...LOGGING_OPTIONS];
  const values = parseKnownOptions(argv.slice(1), known);
  if (values === undefined) return undefined;

  const { json, format, ...options } = values;
  // Both together is a usage error, which commander reports.
  if (json === true && format !== undefined) return undefined;
  return {
    ...options,
    format: json === true ? "json" : (format as RunCommandOptions["format"] | undefined) ?? "text",
  } as RunCommandOptions;
}
