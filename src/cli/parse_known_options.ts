/**
 * A strict parser for the plain forms of long options, used where loading
 * commander would cost start-up time. It accepts `--flag`, `--name value` and
 * `--name=value` for the options it is given, and nothing else. For anything
 * else it returns undefined, so the caller hands the arguments to commander,
 * which parses them the same way or prints its usual message.
 */

/** One long option: its flag, whether it takes a value, and the values it accepts. */
export interface LongOption {
  flag: `--${string}`;
  /** Placeholder of the value in help, such as `<path>`. Unset for a flag without a value. */
  value?: string;
  choices?: readonly string[];
}

/**
 * Parses `argv` against `options` and returns the values by camel-cased flag
 * name (`--dry-run` sets `dryRun: true`). The last of repeated options wins,
 * as in commander. Returns undefined for a positional argument, an unknown
 * option, a missing value, a value that starts with `-`, or a value outside
 * its choices.
 */
export function parseKnownOptions(
  argv: readonly string[],
  options: readonly LongOption[],
): Record<string, string | true> | undefined {
  const values: Record<string, string | true> = {};
  for (let index = 0; index < argv.length; index++) {
    const [flag, inline] = splitInlineValue(argv[index]);
    const option = options.find((candidate) => candidate.flag === flag);
    if (option === undefined) return undefined;

    const key = camelCase(option.flag);
    if (option.value === undefined) {
      if (inline !== undefined) return undefined;
      values[key] = true;
      continue;
    }

    const value = inline ?? argv[++index];
    if (value === undefined || (inline === undefined && value.startsWith("-"))) return undefined;
    if (option.choices !== undefined && !option.choices.includes(value)) return undefined;
    values[key] = value;
  }
  return values;
}

function splitInlineValue(argument: string): [string, string | undefined] {
  const equals = argument.indexOf("=");
  if (!argument.startsWith("--") || equals === -1) return [argument, undefined];
  return [argument.slice(0, equals), argument.slice(equals + 1)];
}

function camelCase(flag: string): string {
  return flag.slice(2).replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}
