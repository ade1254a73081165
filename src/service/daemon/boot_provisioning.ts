/**
 * First-boot provisioning inside the daemon: the same run as `egs-service run`
 * with the running machine's default paths, done before the SSH server starts.
 * The daemon imports this module only when provisioning is enabled, so a
 * daemon with provisioning switched off never loads the provisioning engine.
 */

import { getLogger } from "../../log/logging.ts";
import { resolveAgentPaths } from "../../provisioning/agent/agent_paths.ts";
import { openReportStore } from "../../provisioning/agent/open_report_store.ts";
import { runAgent } from "../../provisioning/agent/run_agent.ts";
import { loadSettings } from "../../settings/settings.ts";
import { loadPlatformAndModules } from "../commands/_provisioning_parts.ts";

/** Paths the daemon was started with; unset values take the machine's defaults. */
export interface BootProvisioningOptions {
  configDir?: string;
  kvpDir?: string;
}

const logger = getLogger("service", "boot-provisioning");

/**
 * Runs provisioning once for this boot. Semaphores make a second call in the
 * same boot apply nothing. A failed run is logged and reported over KVP by the
 * runner, and the daemon then starts the SSH server anyway.
 */
// NOTE: no test runs this path, because it provisions the running machine;
// `egs-service run --root` covers the same runAgent call end to end.
export async function provisionThisBoot(options: BootProvisioningOptions): Promise<void> {
  const paths = resolveAgentPaths({ configDir: options.configDir, kvpDir: options.kvpDir });
  const settings = await loadSettings(paths);
  const { platform, modules } = loadPlatformAndModules({ paths, settings });

  logger.info("Boot provisioning started; state in {stateDir}.", { stateDir: paths.stateDir });
  const result = await runAgent({
    paths,
    settings,
    platform,
    modules,
    kvp: await openReportStore(paths, options.kvpDir !== undefined),
    seed: { kvpDir: options.kvpDir },
  });
  logger.info("Boot provisioning finished: {outcome}, status {status}, exit code {exitCode}.", {
    outcome: result.outcome,
    status: result.report?.status ?? "none",
    exitCode: result.exitCode,
  });
}
