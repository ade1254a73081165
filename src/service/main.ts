/**
 * Entry point of egs-service, the guest agent. A first boot waits for
 * `egs-service run`, so a plain `run` command line starts provisioning
 * without loading commander or any `node:` module. Every other command line
 * goes to the command tree.
 */

import { exitWith } from "../cli/exit_with.ts";
import { parseRunArguments } from "./commands/run_arguments.ts";

if (import.meta.main) {
  const runOptions = parseRunArguments(Deno.args);
  if (runOptions !== undefined) {
    await exitWith(async () => {
      const { runCommand } = await import("./commands/run.ts");
      await runCommand(runOptions);
    });
  } else {
    const { runProgram } = await import("../cli/program.ts");
    const { buildServiceProgram } = await import("./program.ts");
    await runProgram(buildServiceProgram(), Deno.args);
  }
}
