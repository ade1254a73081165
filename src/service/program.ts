/**
 * The egs-service command tree. Each command's module is imported only when
 * that command runs, so validating a YAML file does not load the
 * provisioning engine or the SSH stack.
 */

import { Command } from "@commander-js/extra-typings";
import { withLoggingOptions } from "../cli/program.ts";
import { EGS_VERSION } from "../version.ts";
import { registerServiceCommands } from "./commands.ts";

/** Builds the egs-service command tree. */
export function buildServiceProgram(): Command {
  const program = new Command()
    .name("egs-service")
    .description(
      "eryph guest services agent: cloud-init-compatible provisioning and a userless SSH server",
    )
    .version(`egs-service ${EGS_VERSION}`, "-V, --version", "print the version and exit");
  withLoggingOptions(program);

  program.command("version")
    .description("print the version and exit")
    .action(() => console.log(`egs-service ${EGS_VERSION}`));

  registerServiceCommands(program);
  return program;
}
