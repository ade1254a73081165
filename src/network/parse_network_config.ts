/**
 * Entry point of network-config parsing: accepts version 1 or 2, bare or
 * under a top-level `network:` key as cloud-init does, validates it and
 * builds the network model.
 */

import { loadYaml } from "../cloudconfig/yaml/load_yaml.ts";
import { formatProblem, type Problem } from "../cloudconfig/problem.ts";
import { networkV1Schema } from "../cloudconfig/schema/network_v1.ts";
import { networkV2Schema } from "../cloudconfig/schema/network_v2.ts";
import { validateNetworkConfig } from "../cloudconfig/schema/validate_network.ts";
import { InputError } from "../errors.ts";
import { getLogger } from "../log/logging.ts";
import type { NetworkModel } from "./model.ts";
import { parseNetworkV1 } from "./parse_v1.ts";
import { parseNetworkV2 } from "./parse_v2.ts";

/** Options of {@linkcode parseNetworkConfig}. */
export interface ParseNetworkConfigOptions {
  /** File name used in messages. */
  file?: string;
  /** Receives validation warnings, such as unknown keys, which do not stop parsing. */
  warnings?: Problem[];
}

/**
 * Validates a loaded network-config and builds the network model from it.
 * Warnings from validation go to `options.warnings`. The settings the
 * parsers ignore are in the model's `warnings` and are logged.
 *
 * Throws InputError listing every validation error when the document does
 * not fit the v1 or v2 schema, and when v2 devices refer to undefined ids.
 */
export function parseNetworkConfig(
  config: unknown,
  options: ParseNetworkConfigOptions = {},
): NetworkModel {
  const problems = validateNetworkConfig(config, { file: options.file });
  const errors = problems.filter((problem) => problem.severity === "error");
  options.warnings?.push(...problems.filter((problem) => problem.severity === "warning"));
  if (errors.length > 0) {
    throw new InputError(
      `Invalid network-config:\n${
        errors.map((problem) => `  ${formatProblem(problem)}`).join("\n")
      }`,
      { file: options.file, line: errors[0].line, column: errors[0].column },
    );
  }

  const record = config as Record<string, unknown>;
  const document = isMapping(record.network) ? record.network : record;
  const model = document.version === 1
    ? parseNetworkV1(networkV1Schema.parse(document))
    : parseNetworkV2(networkV2Schema.parse(document));

  const log = getLogger("network");
  for (const warning of model.warnings) {
    log.warn("{file}: {warning}", { file: options.file, warning });
  }
  return model;
}

/**
 * Loads network-config YAML text and parses it. YAML warnings such as
 * duplicate keys go to `options.warnings`. Throws YamlSyntaxError or InputError.
 */
export function parseNetworkConfigText(
  text: string,
  options: ParseNetworkConfigOptions = {},
): NetworkModel {
  return parseNetworkConfig(
    loadYaml(text, { file: options.file, warnings: options.warnings }),
    options,
  );
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
