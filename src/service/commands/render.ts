/**
 * `egs-service render`: runs the user-data pipeline on files and prints the
 * merged cloud-config, then the scripts and boothooks it found. Warnings go
 * to stderr. Secret values are replaced by `<redacted>` unless
 * `--show-secrets` is given.
 */

import { stringify } from "yaml";
import { isSecretPath } from "../../cloudconfig/_locate.ts";
import { formatProblem } from "../../cloudconfig/problem.ts";
import { normalizeCloudConfig } from "../../cloudconfig/validate.ts";
import { toPlainJson } from "../../cloudconfig/yaml/to_plain.ts";
import { InputError } from "../../errors.ts";
import { processUserData } from "../../userdata/process_user_data.ts";
import type { Boothook, Script, UserDataResult } from "../../userdata/types.ts";

/** Options of {@linkcode renderCommand}, as the command line sets them. */
export interface RenderOptions {
  userData: string[];
  vendorData?: string;
  instanceData?: string;
  base64?: boolean;
  launchIndex?: number;
  typed?: boolean;
  showSecrets?: boolean;
  format: "yaml" | "json";
}

/** Placeholder printed instead of a secret value. */
export const REDACTED = "<redacted>";

/** Runs the pipeline on the files named in `options` and prints the result to stdout. */
export async function renderCommand(options: RenderOptions): Promise<void> {
  if (options.userData.length === 0 && options.vendorData === undefined) {
    throw new InputError(
      "Nothing to render: pass --user-data FILE (repeatable) or --vendor-data FILE.",
    );
  }
  const userData = await Promise.all(options.userData.map(readInput));
  const vendorData = options.vendorData === undefined
    ? undefined
    : await readInput(options.vendorData);
  const instanceData = options.instanceData === undefined
    ? undefined
    : await readInstanceData(options.instanceData);

  const result = await processUserData({
    userData,
    vendorData,
    instanceData,
    base64: options.base64,
    launchIndex: options.launchIndex,
    names: [...options.userData, ...(options.vendorData === undefined ? [] : [options.vendorData])]
      .map((path) => path === "-" ? "<stdin>" : path),
  });

  for (const warning of result.warnings) console.error(formatProblem(warning));
  console.log(formatRenderOutput(result, options));
}

/** Formats a pipeline result as `render` prints it. */
export function formatRenderOutput(
  result: UserDataResult,
  options: Pick<RenderOptions, "format" | "typed" | "showSecrets">,
): string {
  const config = options.typed ? normalizeCloudConfig(result.cloudConfig) : result.cloudConfig;
  const printed = options.showSecrets
    ? config
    : redactSecrets(config, [], options.typed ? isTypedSecretPath : isSecretPath);

  if (options.format === "json") {
    return JSON.stringify(
      {
        cloudConfig: toPlainJson(printed),
        scripts: result.scripts.map(describeScript),
        boothooks: result.boothooks.map(describeBoothook),
        warnings: result.warnings,
      },
      null,
      2,
    );
  }

  const lines = [
    stringify(options.typed ? toPlainJson(printed) : printed, { schema: "yaml-1.1", lineWidth: 0 })
      .trimEnd(),
  ];
  if (result.scripts.length > 0) {
    lines.push("# scripts:");
    for (const script of result.scripts) {
      lines.push(
        `#   ${script.name} (${script.source}, ${script.contentType}, ${script.frequency}, ${script.interpreter}, ${script.content.length} bytes)`,
      );
    }
  }
  if (result.boothooks.length > 0) {
    lines.push("# boothooks:");
    for (const hook of result.boothooks) {
      lines.push(
        `#   ${hook.name} (${hook.source}, ${hook.interpreter}, ${hook.content.length} bytes)`,
      );
    }
  }
  return lines.join("\n");
}

function describeScript(script: Script) {
  const { content, ...rest } = script;
  return { ...rest, size: content.length };
}

function describeBoothook(hook: Boothook) {
  const { content, ...rest } = hook;
  return { ...rest, size: content.length };
}

/** Keys of the typed form (`render --typed`) whose values are passwords. */
const TYPED_SECRET_KEYS = new Set(["passwd", "hashedPasswd", "plainTextPasswd", "password"]);

/**
 * Reports whether the value at `path` of the typed form is a secret: the
 * typed names of the password keys, and private host keys in `sshKeys`. The
 * typed `chpasswd` entries keep their names and key paths, which are not
 * secrets, and lose their passwords.
 */
export function isTypedSecretPath(path: (string | number)[]): boolean {
  if (path[0] === "sshKeys" && typeof path[1] === "string" && path[1].endsWith("_private")) {
    return true;
  }
  return path.some((segment) => typeof segment === "string" && TYPED_SECRET_KEYS.has(segment));
}

/** Returns a copy of `value` with every secret scalar replaced by {@linkcode REDACTED}. */
export function redactSecrets(
  value: unknown,
  path: (string | number)[],
  isSecret: (path: (string | number)[]) => boolean = isSecretPath,
): unknown {
  if (Array.isArray(value)) {
    return value.map((item, index) => redactSecrets(item, [...path, index], isSecret));
  }
  if (
    typeof value === "object" && value !== null && !(value instanceof Uint8Array) &&
    !(value instanceof Date)
  ) {
    const copy: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      copy[key] = redactSecrets(child, [...path, key], isSecret);
    }
    return copy;
  }
  const isScalarSecret = typeof value === "string" || typeof value === "number" ||
    typeof value === "bigint" || value instanceof Uint8Array;
  return isScalarSecret && isSecret(path) ? REDACTED : value;
}

async function readInput(path: string): Promise<Uint8Array> {
  try {
    if (path === "-") return new Uint8Array(await new Response(Deno.stdin.readable).arrayBuffer());
    return await Deno.readFile(path);
  } catch (error) {
    throw new InputError(`Cannot read "${path}": ${(error as Error).message}.`, { file: path }, {
      cause: error,
    });
  }
}

async function readInstanceData(path: string): Promise<Record<string, unknown>> {
  const text = new TextDecoder().decode(await readInput(path));
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(
      `Invalid instance data in "${path}": ${
        (error as Error).message
      }. Pass a JSON file shaped like cloud-init's instance-data.json.`,
      { file: path },
    );
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new InputError(
      `Invalid instance data in "${path}": expected a JSON object at the top level.`,
      { file: path },
    );
  }
  return value as Record<string, unknown>;
}
