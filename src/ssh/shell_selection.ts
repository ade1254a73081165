/**
 * Choice of the shell that runs `exec` commands and interactive sessions. An
 * override the host wrote to KVP wins, then the `SHELL`/`SHELL_ARGS` variables
 * the client sent in `env` requests, then the daemon's own `$SHELL`, then
 * `/bin/bash`.
 */

/** The shell program and the arguments placed before `-c <command>`. */
export interface SelectedShell {
  path: string;
  args: string[];
  /** Source of the choice, for the log. */
  source: "kvp" | "client" | "default";
}

/** Inputs of {@linkcode selectShell}; each value is used only when it is non-blank. */
export interface ShellCandidates {
  kvpShell?: string;
  kvpShellArgs?: string;
  clientShell?: string;
  clientShellArgs?: string;
  /** The daemon's `$SHELL`. */
  defaultShell?: string;
}

/** Fallback when no other source names a shell. */
export const FALLBACK_SHELL = "/bin/bash";

/** Picks the shell by precedence. Arguments count only together with their own shell. */
export function selectShell(candidates: ShellCandidates): SelectedShell {
  const kvpShell = candidates.kvpShell?.trim();
  if (kvpShell) {
    return { path: kvpShell, args: splitShellArgs(candidates.kvpShellArgs), source: "kvp" };
  }

  const clientShell = candidates.clientShell?.trim();
  if (clientShell) {
    return {
      path: clientShell,
      args: splitShellArgs(candidates.clientShellArgs),
      source: "client",
    };
  }

  const defaultShell = candidates.defaultShell?.trim();
  return { path: defaultShell || FALLBACK_SHELL, args: [], source: "default" };
}

/** Builds the argv that runs `command` through `shell`, or starts it without a command. */
export function shellArgv(shell: SelectedShell, command?: string): string[] {
  if (command === undefined) return [shell.path, ...shell.args];
  return [shell.path, ...shell.args, "-c", command];
}

/**
 * Splits a shell-args value on whitespace. Double or single quotes group words,
 * so `-o "a b"` yields two arguments; no other shell syntax is interpreted.
 */
export function splitShellArgs(value: string | undefined): string[] {
  const args: string[] = [];
  const pattern = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (const match of (value ?? "").matchAll(pattern)) {
    args.push(match[1] ?? match[2] ?? match[3]);
  }
  return args;
}
