/** Runs external commands for the datasources (blkid, mount), behind an interface tests replace. */

import { getLogger } from "../log/logging.ts";

/** Result of one command. */
export interface CommandOutput {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `argv[0]` with the remaining arguments and returns its exit code and output. */
export type CommandRunner = (argv: string[]) => Promise<CommandOutput>;

const log = getLogger("datasources", "command");

/** Creates a runner that spawns real processes; a missing program returns exit code 127. */
export function createCommandRunner(): CommandRunner {
  return async (argv) => {
    log.debug("Running {argv}.", { argv });
    try {
      const output = await new Deno.Command(argv[0], {
        args: argv.slice(1),
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
      }).output();
      const decoder = new TextDecoder();
      const result = {
        code: output.code,
        stdout: decoder.decode(output.stdout),
        stderr: decoder.decode(output.stderr),
      };
      if (result.code !== 0) {
        log.debug("{argv} exited with {code}: {stderr}", { argv, ...result });
      }
      return result;
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) {
        return { code: 127, stdout: "", stderr: `${argv[0]}: command not found` };
      }
      throw error;
    }
  };
}
