/**
 * Validation of a loaded (and, for several parts, merged) cloud-config, and
 * its normalised form for the modules that apply it.
 */

import { cloudConfigSchema } from "./schema/cloud_config.ts";
import type { ValidationTarget } from "./schema/targets.ts";
import type { Problem } from "./problem.ts";
import { checkNotApplied, checkTarget, checkUnknownKeys } from "./_check_keys.ts";
import { checkDeprecatedUserKeys, checkDuplicateUsers } from "./_check_users.ts";
import { checkPasswords, checkPermissions, checkSshPwauth } from "./_check_values.ts";
import { problemsFromIssues } from "./_issues.ts";

export { normalizeCloudConfig } from "./_normalize.ts";
export type { TypedCloudConfig } from "./schema/typed_cloud_config.ts";

/** Options of {@linkcode validateCloudConfig}. */
export interface ValidateOptions {
  /** Guest OS to warn for; `all` (the default) adds no OS-specific warnings. */
  target?: ValidationTarget;
  /** File name for problems whose value has no recorded origin. */
  file?: string;
}

/**
 * Validates `config` against the cloud-config schema and returns every
 * error and warning, errors first. An error rejects the config; warnings
 * (unknown keys, keys EGS does not apply, deprecated forms, random
 * passwords) do not. No problem carries the value of a secret.
 */
export function validateCloudConfig(
  config: Record<string, unknown>,
  options: ValidateOptions = {},
): Problem[] {
  const file = options.file;
  const result = cloudConfigSchema.safeParse(config);
  const problems = [
    ...(result.success ? [] : problemsFromIssues(result.error.issues, config, file)),
    ...checkDuplicateUsers(config, file),
    ...checkUnknownKeys(config, file),
    ...checkNotApplied(config, file),
    ...checkDeprecatedUserKeys(config, file),
    ...checkPasswords(config, file),
    ...checkSshPwauth(config, file),
    ...checkPermissions(config, file),
    ...checkTarget(config, options.target ?? "all", file),
  ];
  return sortProblems(problems);
}

/** Reports whether any problem is an error. */
export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((problem) => problem.severity === "error");
}

function sortProblems(problems: Problem[]): Problem[] {
  const rank = (problem: Problem) => problem.severity === "error" ? 0 : 1;
  return problems
    .map((problem, order) => ({ problem, order }))
    .sort((a, b) =>
      rank(a.problem) - rank(b.problem) ||
      (a.problem.line ?? 0) - (b.problem.line ?? 0) ||
      a.order - b.order
    )
    .map(({ problem }) => problem);
}
