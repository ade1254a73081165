/**
 * `egs-tool initialize`: creates the client key when missing and, on a
 * Windows host, registers the EGS socket service with Hyper-V.
 */

import { dirname } from "../../path/path.ts";
import { ProcessPowerShellRunner } from "../../kvp/host/powershell_runner.ts";
import { ensureClientKey } from "../client_key.ts";
import { resolveToolPaths, type ToolEnvironment } from "../tool_paths.ts";
import { currentEnvironment } from "../tool_paths.ts";
import { changeServiceRegistration, protectKeyFolder } from "../windows_registration.ts";

/** Runs `initialize`; prints the key path, whether it was created, and the public key. */
export async function runInitialize(
  environment: ToolEnvironment = currentEnvironment(),
): Promise<void> {
  const paths = resolveToolPaths(environment);
  if (environment.os === "windows") {
    const runner = new ProcessPowerShellRunner();
    await changeServiceRegistration(runner, "register");
    console.log("Registered the eryph guest services socket service with Hyper-V.");
    await protectKeyFolder(runner, dirname(paths.clientKey));
  }

  const key = await ensureClientKey(paths.clientKey, `egs@${machineName()}`);
  console.log(
    key.created ? `Created client key ${key.path}` : `Client key ${key.path} already exists`,
  );
  console.log(key.publicLine);
}

/** Returns this host's name in lower case, which names its client key slot. */
export function machineName(): string {
  return Deno.hostname().toLowerCase();
}
