/**
 * The `ProxyCommand` of an alias: this egs-tool, named by absolute path, with
 * the `--transport` and `--kvp-dir` overrides it runs with.
 */

import { fileURLToPath } from "node:url";
import { TOOL_PERMISSION_FLAGS } from "../permissions.ts";

/** How egs-tool was started, which decides how the ProxyCommand starts it again. */
export interface ToolInvocation {
  /** `Deno.execPath()`: the compiled egs-tool, or the deno binary running the source. */
  execPath: string;
  /** Absolute path of the main script (`src/tool/main.ts` or a bundle's `main.js`), else undefined. */
  scriptPath?: string;
  os: string;
}

/** Describes the running egs-tool. */
export function currentInvocation(): ToolInvocation {
  // The main module is the script deno runs: src/tool/main.ts from source,
  // or main.js of a bundle. A compiled binary serves its modules from a
  // virtual file system, so its main script is not a file deno could run.
  const compiled = Deno.build.standalone === true;
  return {
    execPath: Deno.execPath(),
    scriptPath: compiled ? undefined : fileURLToPath(Deno.mainModule),
    os: Deno.build.os,
  };
}

/**
 * Builds the ProxyCommand line: `<tool> [--transport SPEC] [--kvp-dir DIR]
 * --log-level warning proxy <vm-id>`. Each word is quoted for the shell ssh
 * runs it with, and `%` is doubled because ssh expands `%` tokens there.
 */
export function buildProxyCommand(
  invocation: ToolInvocation,
  vmId: string,
  overrides: { transport?: string; kvpDir?: string },
): string {
  const words = invocation.scriptPath === undefined
    ? [invocation.execPath]
    : [invocation.execPath, "run", ...TOOL_PERMISSION_FLAGS, invocation.scriptPath];
  if (overrides.transport !== undefined) words.push("--transport", overrides.transport);
  if (overrides.kvpDir !== undefined) words.push("--kvp-dir", overrides.kvpDir);
  words.push("--log-level", "warning", "proxy", vmId);
  const quote = invocation.os === "windows" ? quoteWindows : quotePosix;
  return words.map(quote).join(" ").replaceAll("%", "%%");
}

function quotePosix(word: string): string {
  if (/^[A-Za-z0-9_\/.:=@,+-]+$/.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

// NOTE: follows the argument rules of CreateProcess (double quotes group,
// backslashes before a quote escape it); not yet tried with Windows OpenSSH.
function quoteWindows(word: string): string {
  if (/^[A-Za-z0-9_\\\/.:=@,+-]+$/.test(word)) return word;
  return `"${word.replace(/(\\*)"/g, '$1$1\\"').replace(/(\\+)$/, "$1$1")}"`;
}
