/**
 * Entry point of egs-tool, the host-side companion: SSH aliases, the OpenSSH
 * proxy, key exchange over KVP and file transfer. Each command's module is
 * imported only when that command runs.
 */

import { Command, Option } from "@commander-js/extra-typings";
import { runProgram, withLoggingOptions } from "../cli/program.ts";
import { EGS_VERSION } from "../version.ts";
import { registerHostCommands } from "./commands/register_host_commands.ts";
import { registerTransferCommands } from "./commands/transfer_commands.ts";

/** Builds the egs-tool command tree. */
export function buildToolProgram(): Command {
  const program = new Command()
    .name("egs-tool")
    .description(
      "eryph guest services host tool: reach Hyper-V and eryph VMs over SSH without a network",
    )
    .version(`egs-tool ${EGS_VERSION}`, "-V, --version", "print the version and exit");
  withLoggingOptions(program);
  program
    .addOption(
      new Option(
        "--transport <spec>",
        "connect through SPEC instead of the VM's own address: unix:/path, tcp:HOST:PORT, vsock:CID[:PORT], hvsocket:VM-ID",
      ).env("EGS_TRANSPORT"),
    )
    .option(
      "--kvp-dir <dir>",
      "read and write the guest's KVP pools as .kvp_pool_N files in DIR instead of through Hyper-V WMI",
    );

  program.command("version")
    .description("print the version and exit")
    .action(() => console.log(`egs-tool ${EGS_VERSION}`));

  registerHostCommands(program);
  registerTransferCommands(program);

  return program;
}

if (import.meta.main) {
  await runProgram(buildToolProgram(), Deno.args);
}
