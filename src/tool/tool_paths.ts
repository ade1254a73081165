/**
 * Locations of egs-tool's files on the host: the client key, the SSH alias
 * files and pinned host keys, and the user's `~/.ssh/config`. Everything is
 * derived from environment variables (`HOME`, `USERPROFILE`, `LOCALAPPDATA`,
 * `XDG_DATA_HOME`, `ProgramData`), so tests redirect it without touching the
 * real home directory.
 */

import { posix, win32 } from "node:path";
import { OperationError } from "../errors.ts";

/** The environment and operating system the paths are derived from. */
export interface ToolEnvironment {
  os: string;
  env(name: string): string | undefined;
}

/** Files and folders egs-tool uses, all absolute. */
export interface ToolPaths {
  /** Private client key; its public half is `<clientKey>.pub`. */
  clientKey: string;
  /** Folder of the SSH files: `vm.d/`, `catlet.d/` and `known_hosts/`. */
  sshRoot: string;
  vmConfigDir: string;
  catletConfigDir: string;
  /** Folder of the pinned host keys, one known_hosts file per VM. */
  knownHostsDir: string;
  /** The user's OpenSSH client configuration. */
  sshConfig: string;
}

/** Returns the running process's environment. */
export function currentEnvironment(): ToolEnvironment {
  return { os: Deno.build.os, env: (name) => Deno.env.get(name) };
}

/**
 * Resolves egs-tool's paths. Windows: machine-wide key under `%ProgramData%`,
 * SSH files under `%LOCALAPPDATA%\.eryph\guest-services\ssh`. Other systems:
 * one per-user key and the SSH files under
 * `$XDG_DATA_HOME/.eryph/guest-services` (default `~/.local/share`).
 */
export function resolveToolPaths(environment: ToolEnvironment = currentEnvironment()): ToolPaths {
  const windows = environment.os === "windows";
  const path = windows ? win32 : posix;
  const home = required(environment, windows ? "USERPROFILE" : "HOME");

  let dataRoot: string;
  let clientKey: string;
  if (windows) {
    dataRoot = path.join(required(environment, "LOCALAPPDATA"), ".eryph", "guest-services");
    const programData = environment.env("ProgramData") ?? "C:\\ProgramData";
    clientKey = path.join(programData, "eryph", "guest-services", "private", "id_egs");
  } else {
    const xdgData = environment.env("XDG_DATA_HOME");
    // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
    const dataHome = xdgData && path.isAbsolute(xdgData)
      ? xdgData
      : path.join(home, ".local", "share");
    dataRoot = path.join(dataHome, ".eryph", "guest-services");
    clientKey = path.join(dataRoot, "private", "id_egs");
  }

  const sshRoot = path.join(dataRoot, "ssh");
  return {
    clientKey,
    sshRoot,
    vmConfigDir: path.join(sshRoot, "vm.d"),
    catletConfigDir: path.join(sshRoot, "catlet.d"),
    knownHostsDir: path.join(sshRoot, "known_hosts"),
    sshConfig: path.join(home, ".ssh", "config"),
  };
}

/** Writes a path for an OpenSSH config file: forward slashes, in double quotes. */
export function sshConfigPath(path: string): string {
  if (path.includes('"')) {
    throw new OperationError(
      `Cannot write the path "${path}" into an SSH config file because it contains a double quote; ` +
        `move the home or data folder to a path without one.`,
    );
  }
  return `"${path.replaceAll("\\", "/")}"`;
}

function required(environment: ToolEnvironment, name: string): string {
  const value = environment.env(name);
  if (!value) {
    throw new OperationError(
      `Cannot find the user's home: the environment variable ${name} is not set. Set it and retry.`,
    );
  }
  return value;
}
