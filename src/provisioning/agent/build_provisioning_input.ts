/**
 * Turns a seed into the runner's input: the user-data pipeline (vendor-data
 * merged under user-data, base64 only where the datasource defines it),
 * validation, and the typed cloud-config.
 */

import { formatProblem, type Problem } from "../../cloudconfig/problem.ts";
import {
  hasErrors,
  normalizeCloudConfig,
  validateCloudConfig,
} from "../../cloudconfig/validate.ts";
import { OperationError } from "../../errors.ts";
import { getLogger } from "../../log/logging.ts";
import type { Settings } from "../../settings/settings.ts";
import type { Fetcher } from "../../userdata/fetcher.ts";
import { processUserData } from "../../userdata/process_user_data.ts";
import type { ProvisioningInput } from "../_run_session.ts";

/** The payloads of one seed, as a datasource or `--user-data` delivered them. */
export interface SeedPayload {
  instanceId: string;
  datasource?: string;
  metaData: Record<string, unknown>;
  userData?: Uint8Array;
  /** Name of the user-data in messages, such as its file path; default `user-data`. */
  userDataName?: string;
  userDataIsBase64?: boolean;
  vendorData?: Uint8Array;
  /** Second vendor-data payload, merged under the first. */
  vendorData2?: Uint8Array;
}

/** Options of {@linkcode buildProvisioningInput}. */
export interface BuildInputOptions {
  settings: Settings;
  /** Instance data for jinja templates. */
  instanceData: Record<string, unknown>;
  /** Operating system whose keys are checked; defaults to the running one. */
  target?: "linux" | "windows";
  fetcher?: Fetcher;
}

/**
 * Runs the pipeline and validation. Throws `InputError` (exit code 2) for a
 * payload that cannot be decoded or parsed, and `OperationError` (exit code
 * 1) when validation rejects the cloud-config as a whole. Invalid top-level
 * keys are returned as `rejectedKeys` instead, so only their modules fail.
 * Problems are logged with their key paths, never with secret values.
 */
export async function buildProvisioningInput(
  seed: SeedPayload,
  options: BuildInputOptions,
): Promise<ProvisioningInput> {
  const log = getLogger("provisioning", "input");
  if (seed.vendorData !== undefined && seed.vendorData2 !== undefined) {
    // NOTE: cloud-init applies vendor_data2.json after vendor_data.json; EGS
    // applies only the first payload when a seed carries both.
    log.warning("The seed has two vendor-data payloads; only the first is applied.", {});
  }
  const vendorData = seed.vendorData ?? seed.vendorData2;
  const userDataName = seed.userDataName ?? "user-data";
  const result = await processUserData({
    userData: seed.userData === undefined ? [] : [seed.userData],
    names: seed.userData === undefined ? undefined : [userDataName],
    vendorData,
    base64: seed.userDataIsBase64,
    instanceData: options.instanceData,
    settings: options.settings,
    fetcher: options.fetcher,
  });
  for (const warning of result.warnings) {
    log.warning("{problem}", { problem: formatProblem(warning) });
  }

  const problems = validateCloudConfig(result.cloudConfig, {
    target: options.target ?? (Deno.build.os === "windows" ? "windows" : "linux"),
    file: userDataName,
  });
  for (const problem of problems.filter((item) => item.severity !== "error")) {
    log.warning("{problem}", { problem: formatProblem(problem) });
  }
  const rejectedKeys = rejectKeys(problems);
  const config = rejectedKeys.size === 0
    ? result.cloudConfig
    : withoutKeys(result.cloudConfig, rejectedKeys);
  for (const [key, error] of rejectedKeys) {
    log.error("Key {key} is invalid, so the modules it activates fail: {error}", { key, error });
  }

  return {
    instance: {
      instanceId: seed.instanceId,
      datasource: seed.datasource,
      metadata: seed.metaData,
    },
    config: normalizeCloudConfig(config),
    rawConfig: result.cloudConfig,
    scripts: result.scripts,
    boothooks: result.boothooks,
    rejectedKeys,
  };
}

/**
 * Groups validation errors by top-level key. As in cloud-init, an invalid
 * value fails only the modules that read it (a bare integer in `runcmd` fails
 * runcmd, and users and files are still created). An error that belongs to no
 * key rejects the whole cloud-config.
 */
function rejectKeys(problems: readonly Problem[]): Map<string, string> {
  const rejected = new Map<string, string>();
  if (!hasErrors(problems)) return rejected;

  for (const problem of problems.filter((item) => item.severity === "error")) {
    const key = problem.path?.split(/[.[]/, 1)[0] ?? "";
    if (key === "") {
      throw new OperationError(
        `The cloud-config was rejected: ${formatProblem(problem)}. ` +
          "Fix the user-data; egs-service validate shows the same findings.",
      );
    }
    const earlier = rejected.get(key);
    const text = formatProblem(problem);
    rejected.set(key, earlier === undefined ? text : `${earlier}; ${text}`);
  }
  return rejected;
}

function withoutKeys(
  config: Record<string, unknown>,
  keys: ReadonlyMap<string, string>,
): Record<string, unknown> {
  return Object.fromEntries(Object.entries(config).filter(([key]) => !keys.has(key)));
}
