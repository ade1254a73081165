/**
 * Registers the egs-service subcommands. Options are declared here; the work is
 * done by modules under `src/service/commands/`, loaded on first use.
 */

import { type Command, InvalidArgumentError, Option } from "@commander-js/extra-typings";
import { addFormatOptions, selectedFormat } from "../cli/program.ts";
import { registerProvisioningCommands } from "./commands/_register_provisioning_commands.ts";

/** Adds every egs-service subcommand to `program`. */
export function registerServiceCommands(program: Command): void {
  registerRender(program);
  registerDaemon(program);
  registerValidate(program);
  registerProvisioningCommands(program);
}

function registerDaemon(program: Command): void {
  program.command("daemon", { isDefault: true })
    .description(
      "run the service: boot provisioning, then the SSH server until SIGTERM (the default command)",
    )
    .option(
      "--config-dir <dir>",
      "config directory with id_egs.pub, private/ and service-control.conf (default: /etc/opt/eryph/guest-services on Linux, %ProgramData%\\eryph\\guest-services on Windows)",
    )
    .option(
      "--kvp-dir <dir>",
      "directory of the KVP pool files .kvp_pool_N (default: /var/lib/hyperv on Linux, the registry on Windows)",
    )
    .addOption(
      new Option(
        "--listen <spec>",
        "listen address: vsock[:PORT], hvsocket, unix:/path, unix-ffi:/path or tcp:127.0.0.1:PORT; repeatable",
      )
        .argParser((value: string, previous: string[]) => [...previous, value])
        .default([] as string[], "vsock on Linux, hvsocket on Windows"),
    )
    .option("--allow-remote-tcp", "allow tcp: addresses that are not loopback")
    .option(
      "--no-provisioning",
      "start the SSH server without the boot provisioning run (ProvisioningEnabled=0 does the same)",
    )
    .action(async (options, command) => {
      const { daemonCommand } = await import("./commands/daemon.ts");
      const globals = command.optsWithGlobals() as { logLevel?: string; logFormat?: string };
      await daemonCommand({ ...options, logLevel: globals.logLevel, logFormat: globals.logFormat });
    });
}

function registerRender(program: Command): void {
  const render = program.command("render")
    .description(
      "run the user-data pipeline on files and print the merged cloud-config, scripts and boothooks",
    )
    .addOption(
      new Option(
        "--user-data <path>",
        "user-data file, or - for stdin; repeat to merge several in order",
      )
        .argParser((value: string, previous: string[]) => [...previous, value])
        .default([] as string[]),
    )
    .option("--vendor-data <path>", "vendor-data file, merged under the user-data")
    .option("--instance-data <path>", "instance-data JSON for jinja templates")
    .option("--base64", "decode the user-data as base64 first (as Azure CustomData is)")
    .addOption(
      new Option("--launch-index <n>", "drop parts meant for another launch index")
        .argParser(parseLaunchIndex),
    )
    .option("--typed", "print the normalised, schema-typed form of the cloud-config")
    .option("--show-secrets", "print passwords and private keys instead of <redacted>");
  addFormatOptions(render, ["yaml", "json"], "yaml").action(async (options) => {
    const { renderCommand } = await import("./commands/render.ts");
    await renderCommand({
      ...options,
      format: selectedFormat(options) as "yaml" | "json",
    });
  });
}

function registerValidate(program: Command): void {
  const validate = program.command("validate")
    .description(
      "check user-data files against the cloud-config schema; exit 0 valid, 1 rejected, 2 unparseable",
    )
    .addOption(
      new Option(
        "--user-data <path>",
        "user-data file, or a directory scanned recursively; repeatable",
      )
        .argParser((value: string, previous: string[]) => [...previous, value])
        .default([] as string[]),
    )
    .addOption(
      new Option("--target <os>", "guest OS to warn for: keys without effect there are reported")
        .choices(["windows", "linux", "all"] as const)
        .default("all" as const),
    )
    .option("--fetch-includes", "fetch #include URLs instead of reporting them unfetched");
  addFormatOptions(validate, ["text", "json"], "text").action(async (options) => {
    const { validateCommand } = await import("./commands/validate.ts");
    await validateCommand({
      ...options,
      format: selectedFormat(options) as "text" | "json",
    });
  });
}

function parseLaunchIndex(value: string): number {
  const index = Number(value);
  if (!Number.isInteger(index) || index < 0) {
    throw new InvalidArgumentError(
      `"${value}" is not a launch index: expected a whole number from 0.`,
    );
  }
  return index;
}
