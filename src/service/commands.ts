/**
 * Registers the egs-service subcommands. Options are declared here; the work is
 * done by modules under `src/service/commands/`, loaded on first use.
 */

import type { Command } from "@commander-js/extra-typings";

/** Adds every egs-service subcommand to `program`. */
export function registerServiceCommands(_program: Command): void {
}
