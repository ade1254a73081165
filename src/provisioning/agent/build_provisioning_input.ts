/**
 * Turns a seed into the runner's input: the user-data pipeline (vendor-data
 * merged under user-data, base64 only where the datasource defines it),
 * validation, and the typed cloud-config.
 */

import { formatProblem } from "../../cloudconfig/problem.ts";
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
 * 1) when validation rejects the merged cloud-config. Warnings are logged
 * with their key paths, never with secret values.
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
  const result = await processUserData({
    userData: seed.userData === undefined ? [] : [seed.userData],
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
    file: "user-data",
  });
  for (const problem of problems.filter((item) => item.severity !== "error")) {
    log.warning("{problem}", { problem: formatProblem(problem) });
  }
  if (hasErrors(problems)) {
    const errors = problems.filter((item) => item.severity === "error").map(formatProblem);
    throw new OperationError(
      `The cloud-config was rejected with ${errors.length} error(s): ${errors.join("; ")}. ` +
        "Fix the user-data; egs-service validate shows the same findings.",
    );
  }

  return {
    instance: {
      instanceId: seed.instanceId,
      datasource: seed.datasource,
      metadata: seed.metaData,
    },
    config: normalizeCloudConfig(result.cloudConfig),
    rawConfig: result.cloudConfig,
    scripts: result.scripts,
    boothooks: result.boothooks,
  };
}
