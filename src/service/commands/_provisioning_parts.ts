/**
 * Loads the platform and the module list for `run`. Kept apart so the
 * command's other code does not depend on which platform gets picked.
 */

import { relative } from "../../path/path.ts";
import { getLogger } from "../../log/logging.ts";
import { createModules, DEFAULT_TARGET_STATE_DIR } from "../../modules/mod.ts";
import { selectPlatform } from "../../platform/select_platform.ts";
import type { Platform } from "../../platform/types.ts";
import { type AgentPaths, stagingDirInRoot } from "../../provisioning/agent/agent_paths.ts";
import type { ProvisioningModule } from "../../provisioning/module.ts";
import type { Settings } from "../../settings/settings.ts";

/** Builds the platform for the target and creates every provisioning module. */
export function loadPlatformAndModules(
  options: { paths: AgentPaths; settings: Settings; bootId?: string },
): { platform: Platform; modules: readonly ProvisioningModule[] } {
  const { paths, settings } = options;
  const platform = selectPlatform({
    root: paths.hostIsolated ? paths.root : undefined,
    defaultUser: settings.defaultUser,
    bootId: options.bootId,
  });
  // Under --root the flags go to the default config directory inside the root.
  const configDir = paths.hostIsolated ? undefined : paths.configDir;
  const modules = createModules({ stateDir: targetStateDir(paths), configDir });
  return { platform, modules };
}

/**
 * Returns the state directory as commands inside the target see it. A state
 * directory outside the root is unreachable from there, so the modules then
 * stage their files at the default location inside the root.
 */
export function targetStateDir(paths: AgentPaths): string {
  if (!paths.hostIsolated) return paths.stateDir;
  if (stagingDirInRoot(paths) === undefined) {
    return `/${relative(paths.root, paths.stateDir).split("\\").join("/")}`;
  }
  getLogger("provisioning", "run").info(
    "The state directory {stateDir} is outside the root; scripts are staged at {target} inside it.",
    { stateDir: paths.stateDir, target: DEFAULT_TARGET_STATE_DIR },
  );
  return DEFAULT_TARGET_STATE_DIR;
}
