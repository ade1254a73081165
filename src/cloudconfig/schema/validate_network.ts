/**
 * Validation of network-config documents, version 1 or 2, bare or under a
 * top-level `network:` key as cloud-init accepts them.
 */

import type { z } from "zod";
import { formatKeyPath, type Problem } from "../problem.ts";
import { problemsFromIssues } from "../_issues.ts";
import { problemAt } from "../_problem_at.ts";
import { isMapping, walkMapping } from "./_walk.ts";
import { networkV1Schema } from "./network_v1.ts";
import { networkV2Schema } from "./network_v2.ts";

/**
 * Validates a loaded network-config and returns its problems: errors for
 * values of the wrong type or a missing or unknown `version`, warnings for
 * unknown keys. A document wrapped in `network:` is checked inside the
 * wrapper, with key paths that start at `network`.
 */
export function validateNetworkConfig(config: unknown, options: { file?: string } = {}): Problem[] {
  const file = options.file;
  if (!isMapping(config)) {
    return [{
      severity: "error",
      code: "invalid-type",
      message: "The network-config is not a mapping.",
      file,
      expected: "a mapping with version and config (v1) or ethernets (v2)",
      hint: "Write the network-config as `version: 1` or `version: 2` and its keys.",
    }];
  }
  const wrapped = isMapping(config.network);
  const document = wrapped ? config.network as Record<string, unknown> : config;
  const prefix = wrapped ? ["network"] : [];
  const schema = schemaFor(document.version);
  if (schema === undefined) {
    return [problemAt(config, [...prefix, "version"], {
      severity: "error",
      code: "invalid-version",
      message: `Unsupported network-config version ${JSON.stringify(document.version)}.`,
      expected: "1 or 2",
      hint: "Set version: 1 or version: 2.",
    }, file)];
  }
  const result = schema.safeParse(document);
  const problems = result.success
    ? []
    : problemsFromIssues(result.error.issues, document, file).map((problem) =>
      wrapped ? { ...problem, path: formatKeyPath(["network"]) + "." + problem.path } : problem
    );
  walkMapping(schema, document, prefix, {
    onUnknownKey(path, key) {
      problems.push(problemAt(config, [...path, key], {
        severity: "warning",
        code: "unknown-key",
        message: `Unknown key "${key}"${path.length > 0 ? ` in ${formatKeyPath(path)}` : ""}; ` +
          "it is ignored.",
        hint: "Check the spelling, or remove the key.",
      }, file));
    },
  });
  return problems;
}

function schemaFor(version: unknown): z.ZodType | undefined {
  if (version === 1) return networkV1Schema;
  if (version === 2) return networkV2Schema;
  return undefined;
}
