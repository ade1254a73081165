/**
 * Key-level checks: unknown keys (at the top level and inside typed
 * mappings), keys that are accepted but not applied, and keys that have no
 * effect on the validation target.
 */

import { cloudConfigSchema, KNOWN_KEYS } from "./schema/cloud_config.ts";
import { otherKeys } from "./schema/other_keys.ts";
import { KEYS_WITHOUT_EFFECT, type ValidationTarget } from "./schema/targets.ts";
import { isMapping, type KeyPath, walkMapping } from "./schema/_walk.ts";
import { formatKeyPath, type Problem } from "./problem.ts";
import { closestKey } from "./_locate.ts";
import { problemAt } from "./_problem_at.ts";

/** Warns about every key that neither EGS nor cloud-init's schema defines. Values are never quoted. */
export function checkUnknownKeys(config: Record<string, unknown>, file?: string): Problem[] {
  const problems: Problem[] = [];
  walkMapping(cloudConfigSchema, config, [], {
    onUnknownKey(path: KeyPath, key: string, knownKeys: readonly string[]) {
      const atTop = path.length === 0;
      const suggestion = closestKey(key, atTop ? KNOWN_KEYS : knownKeys);
      const where = atTop ? "" : ` in ${formatKeyPath(path)}`;
      problems.push(problemAt(config, [...path, key], {
        severity: "warning",
        code: "unknown-key",
        message: `Unknown key "${key}"${where}; it is ignored.`,
        hint: suggestion === undefined
          ? "Check the spelling, or remove the key."
          : `Did you mean "${suggestion}"?`,
      }, file));
    },
  });
  return problems;
}

/** Warns about each key of cloud-init's schema that EGS accepts but does not apply. */
export function checkNotApplied(config: Record<string, unknown>, file?: string): Problem[] {
  return Object.keys(config).filter((key) => Object.hasOwn(otherKeys, key)).map((key) =>
    problemAt(config, [key], {
      severity: "warning",
      code: "not-applied",
      message: `Key "${key}" is valid for cloud-init but not applied by EGS.`,
      hint: "Remove it, or apply the setting with runcmd or write_files.",
    }, file)
  );
}

/** Warns about keys that have no effect on the chosen target operating system. */
export function checkTarget(
  config: Record<string, unknown>,
  target: ValidationTarget,
  file?: string,
): Problem[] {
  if (target === "all") return [];
  const problems: Problem[] = [];
  for (const [pattern, reason] of Object.entries(KEYS_WITHOUT_EFFECT[target])) {
    for (const path of matchingPaths(config, pattern)) {
      problems.push(problemAt(config, path, {
        severity: "warning",
        code: "no-effect-on-target",
        message: `${formatKeyPath(path)} has no effect on ${target}: ${reason}.`,
        hint: `Remove it from configs meant for ${target} guests.`,
      }, file));
    }
  }
  return problems;
}

/** Expands `users[].shell` into the paths of every user entry that sets `shell`. */
function matchingPaths(config: Record<string, unknown>, pattern: string): KeyPath[] {
  const [head, tail] = pattern.split("[].");
  if (tail === undefined) return head in config ? [[head]] : [];
  const list = config[head];
  if (!Array.isArray(list)) return [];
  const paths: KeyPath[] = [];
  list.forEach((entry, index) => {
    if (isMapping(entry) && tail in entry) paths.push([head, index, tail]);
  });
  return paths;
}
