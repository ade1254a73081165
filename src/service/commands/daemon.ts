/** `egs-service daemon`: the service systemd or the Windows SCM runs. */

import { join } from "../../path/path.ts";
import { openKvpStore } from "../../kvp/mod.ts";
import { runDaemon } from "../daemon/run_daemon.ts";
import { requirePermissions } from "../../cli/require_permissions.ts";
import { SERVICE_PERMISSION_FLAGS } from "../../permissions.ts";

/** Options of the daemon command, as commander parses them. */
export interface DaemonCommandOptions {
  configDir?: string;
  kvpDir?: string;
  listen: string[];
  allowRemoteTcp?: boolean;
  /** False with `--no-provisioning`: start the SSH server without a provisioning run. */
  provisioning?: boolean;
  /** Global `--log-level` and `--log-format`, which the boot provisioning run gets too. */
  logLevel?: string;
  logFormat?: string;
}

/** Default config directory of the running OS. */
export function defaultConfigDir(): string {
  if (Deno.build.os === "windows") {
    return join(Deno.env.get("ProgramData") ?? "C:\\ProgramData", "eryph", "guest-services");
  }
  return "/etc/opt/eryph/guest-services";
}

/** Default listen address of the running OS: vsock on Linux, the Hyper-V socket on Windows. */
export function defaultListen(): string {
  return Deno.build.os === "windows" ? "hvsocket" : "vsock";
}

/** Runs the daemon with the command's options until SIGTERM. */
export async function daemonCommand(options: DaemonCommandOptions): Promise<void> {
  requirePermissions("egs-service daemon", SERVICE_PERMISSION_FLAGS);
  // Without --kvp-dir this is /var/lib/hyperv on Linux and the registry on Windows.
  const store = openKvpStore({ dir: options.kvpDir });
  await runDaemon({
    configDir: options.configDir ?? defaultConfigDir(),
    store,
    listen: options.listen.length > 0 ? options.listen : [defaultListen()],
    allowRemoteTcp: options.allowRemoteTcp ?? false,
    provisionAtBoot: options.provisioning === false ? undefined : async () => {
      const { provisionThisBoot } = await import("../daemon/boot_provisioning.ts");
      await provisionThisBoot({
        configDir: options.configDir,
        kvpDir: options.kvpDir,
        logLevel: options.logLevel,
        logFormat: options.logFormat,
      });
    },
  });
}
