/**
 * Registers egs-tool's host commands: key set-up, status and data, SSH
 * aliases, the proxy, the shell override and user-data. Options are declared
 * here; each command's module is imported only when it runs.
 */

import type { Command } from "@commander-js/extra-typings";
import { addFormatOptions, selectedFormat } from "../../cli/program.ts";
import type { GlobalToolOptions } from "../tool_context.ts";

const VM_ID_HELP = "Hyper-V VM GUID, or cid:<N> for a guest reached over vsock";

/** Adds the host commands to `program`. */
export function registerHostCommands(program: Command<[], Record<string, unknown>>): void {
  program.command("initialize")
    .description("create the SSH client key (and on Windows register the service with Hyper-V)")
    .action(async () => {
      const { runInitialize } = await import("./initialize.ts");
      await runInitialize();
    });

  program.command("unregister")
    .description("remove the Hyper-V registration of the eryph guest services socket service")
    .action(async () => {
      const { runUnregister } = await import("./unregister.ts");
      await runUnregister();
    });

  program.command("get-ssh-key")
    .description("print the public SSH client key")
    .action(async () => {
      const { runGetSshKey } = await import("./get_ssh_key.ts");
      await runGetSshKey();
    });

  addFormatOptions(
    program.command("get-status")
      .description("print the guest services status of a VM, or unknown when it published none")
      .argument("<VM-ID>", VM_ID_HELP),
    ["text", "json", "yaml"],
    "text",
  ).action(async (vmId, options, command) => {
    const { target, kvp } = await prepare(vmId, command.optsWithGlobals() as GlobalToolOptions);
    const { runGetStatus } = await import("./get_status.ts");
    await runGetStatus(kvp, target, selectedFormat(options));
  });

  addFormatOptions(
    program.command("get-data")
      .description("print every KVP item of a VM: guest, guest_intrinsic, external, host_only")
      .argument("<VM-ID>", VM_ID_HELP),
    ["text", "json", "yaml"],
    "text",
  ).action(async (vmId, options, command) => {
    const { target, kvp } = await prepare(vmId, command.optsWithGlobals() as GlobalToolOptions);
    const { runGetData } = await import("./get_data.ts");
    await runGetData(kvp, target, selectedFormat(options));
  });

  program.command("add-ssh-config")
    .description("authorize the client key in a VM and write an OpenSSH alias for it")
    .argument("<VM-ID>", VM_ID_HELP)
    .argument("[alias]", "short host name for ssh, in addition to <vm-id>.hyper-v.alt")
    .option("--accept-new", "when the VM published no host keys, trust the first key ssh sees")
    .action(async (vmId, alias, options, command) => {
      const globals = command.optsWithGlobals() as GlobalToolOptions;
      const { target, kvp, context } = await prepare(vmId, globals);
      const { runAddSshConfig } = await import("./add_ssh_config.ts");
      const { resolveToolPaths } = await import("../tool_paths.ts");
      const { currentInvocation } = await import("../proxy_command.ts");
      const { machineName } = await import("./initialize.ts");
      await runAddSshConfig({
        target,
        alias,
        acceptNew: options.acceptNew === true,
        kvp,
        context,
        paths: resolveToolPaths(),
        invocation: currentInvocation(),
        machineName: machineName(),
      });
    });

  program.command("proxy")
    .description("relay stdin and stdout to the VM's SSH service (for OpenSSH ProxyCommand)")
    .argument("<VM-ID>", VM_ID_HELP)
    .action(async (vmId, _options, command) => {
      const { parseVmTarget } = await import("../vm_target.ts");
      const { resolveToolContext, connectorOf } = await import("../tool_context.ts");
      const context = resolveToolContext(command.optsWithGlobals() as GlobalToolOptions);
      const { runProxy } = await import("./proxy.ts");
      await runProxy(connectorOf(context, parseVmTarget(vmId)));
    });

  program.command("set-shell")
    .description("set the shell the VM starts for SSH sessions, or --reset to its default")
    .argument("<VM-ID>", VM_ID_HELP)
    .option("-c, --command <shell>", "shell executable, for example /bin/zsh or pwsh.exe")
    .option("-a, --arguments <args>", "arguments passed to the shell")
    .option("--reset", "remove the override so the guest's default shell applies")
    .action(async (vmId, options, command) => {
      const { target, kvp } = await prepare(vmId, command.optsWithGlobals() as GlobalToolOptions);
      const { runSetShell } = await import("./set_shell.ts");
      await runSetShell(kvp, target, options);
    });

  program.command("set-user-data")
    .description("push user-data (and meta-data) for the VM's HyperVKvp datasource")
    .argument("<VM-ID>", VM_ID_HELP)
    .argument("<file>", "user-data file")
    .option("--meta-data <file>", "meta-data file to push as well")
    .option("--key-prefix <prefix>", "KVP key prefix of the payloads", "eryph:provisioning")
    .action(async (vmId, file, options, command) => {
      const { target, kvp } = await prepare(vmId, command.optsWithGlobals() as GlobalToolOptions);
      const { runSetUserData } = await import("./set_user_data.ts");
      await runSetUserData(kvp, target, file, options);
    });
}

async function prepare(vmId: string, globals: GlobalToolOptions) {
  const { parseVmTarget } = await import("../vm_target.ts");
  const { resolveToolContext, hostKvpOf } = await import("../tool_context.ts");
  const target = parseVmTarget(vmId);
  const context = resolveToolContext(globals);
  return { target, context, kvp: hostKvpOf(context) };
}
