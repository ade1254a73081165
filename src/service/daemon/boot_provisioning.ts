/**
 * First-boot provisioning for the daemon: `egs-service run` with the running
 * machine's default paths, started as a child process before the SSH server
 * starts. The memory of the provisioning engine (about 70 MiB at its peak)
 * goes back to the system when the run ends, so the daemon that then serves
 * SSH for weeks does not keep it.
 */

import { SERVICE_PERMISSION_FLAGS } from "../../permissions.ts";
import { fromFileUrl } from "../../path/path.ts";
import { getLogger } from "../../log/logging.ts";

/** Paths and log options the daemon was started with. Unset values take the defaults. */
export interface BootProvisioningOptions {
  configDir?: string;
  kvpDir?: string;
  logLevel?: string;
  logFormat?: string;
}

/** How egs-service was started, which decides how it starts itself again. */
export interface ServiceInvocation {
  /** `Deno.execPath()`: the compiled egs-service, or the deno binary running the script. */
  execPath: string;
  /** Path of the main script (`src/service/main.ts` or a bundle's `main.js`), unset when compiled. */
  scriptPath?: string;
}

/** A command line: the program and its arguments. */
export interface ChildCommand {
  command: string;
  args: string[];
}

const logger = getLogger("service", "boot-provisioning");

/** Describes the running egs-service. */
export function currentServiceInvocation(): ServiceInvocation {
  // A compiled binary serves its modules from a virtual file system, so its
  // main script is not a file that deno could run.
  const compiled = Deno.build.standalone === true;
  return {
    execPath: Deno.execPath(),
    scriptPath: compiled ? undefined : fromFileUrl(Deno.mainModule),
  };
}

/**
 * Builds the command line of the provisioning run: the same egs-service with
 * `run` and the daemon's `--config-dir`, `--kvp-dir`, `--log-level` and
 * `--log-format`. The child inherits
 * the daemon's environment, `DENO_V8_FLAGS` included.
 */
export function provisioningCommand(
  invocation: ServiceInvocation,
  options: BootProvisioningOptions,
): ChildCommand {
  const prefix = invocation.scriptPath === undefined
    ? []
    : ["run", ...SERVICE_PERMISSION_FLAGS, invocation.scriptPath];
  const args = [...prefix, "run"];
  if (options.configDir !== undefined) args.push("--config-dir", options.configDir);
  if (options.kvpDir !== undefined) args.push("--kvp-dir", options.kvpDir);
  if (options.logLevel !== undefined) args.push("--log-level", options.logLevel);
  if (options.logFormat !== undefined) args.push("--log-format", options.logFormat);
  return { command: invocation.execPath, args };
}

/**
 * Runs provisioning once for this boot, in a child process whose output goes
 * to the daemon's stdout and stderr. Semaphores make a second call in the
 * same boot apply nothing. A failed run is logged and reported over KVP by
 * the child, and the daemon then starts the SSH server anyway.
 */
// NOTE: no test starts this child, because it would provision the running
// machine. `egs-service run --root` covers the same run end to end.
export async function provisionThisBoot(options: BootProvisioningOptions): Promise<void> {
  const child = provisioningCommand(currentServiceInvocation(), options);
  logger.info("Boot provisioning started: {command} {args}.", {
    command: child.command,
    args: child.args,
  });

  const status = await new Deno.Command(child.command, {
    args: child.args,
    stdin: "null",
    stdout: "inherit",
    stderr: "inherit",
  }).spawn().status;

  logger.info("Boot provisioning finished with exit code {exitCode}.", { exitCode: status.code });
  if (!status.success) {
    throw new Error(
      `egs-service run exited with code ${status.code}. Its log lines above give the reason.`,
    );
  }
}
