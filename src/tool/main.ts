/**
 * Entry point of egs-tool, the host-side companion: SSH aliases, the OpenSSH
 * proxy, key exchange over KVP and file transfer. Each command's module is
 * imported only when that command runs.
 */

import { Command } from "@commander-js/extra-typings";
import { runProgram, withLoggingOptions } from "../cli/program.ts";
import { EGS_VERSION } from "../version.ts";

/** Builds the egs-tool command tree. */
export function buildToolProgram(): Command {
  const program = new Command()
    .name("egs-tool")
    .description(
      "eryph guest services host tool: reach Hyper-V and eryph VMs over SSH without a network",
    )
    .version(EGS_VERSION, "-V, --version", "print the version and exit");
  withLoggingOptions(program);

  program.command("version")
    .description("print the version and exit")
    .action(() => console.log(`egs-tool ${EGS_VERSION}`));

  return program;
}

if (import.meta.main) {
  await runProgram(buildToolProgram(), Deno.args);
}
