/**
 * Writes user scripts and boothooks into a folder of the target's state
 * directory and turns them into command entries.
 */

import type { ModuleContext } from "../provisioning/module.ts";
import type { CommandEntry } from "../provisioning/entry_runner.ts";
import type { ScriptInterpreter } from "../userdata/types.ts";
import { joinTargetPath } from "./_options.ts";
import { scriptCommand, scriptSuffix } from "./_script_command.ts";

/** A script or boothook to stage. */
export interface StagedPart {
  name: string;
  content: Uint8Array;
  interpreter: ScriptInterpreter;
}

const decoder = new TextDecoder();

/**
 * Writes each part to `folder` (mode 0700, owned by root) under a distinct
 * file name and returns one entry per part, in order. A name repeated in the
 * payload gets a `-2`, `-3`, … suffix, so no part overwrites another.
 */
export async function stageScripts(
  context: ModuleContext,
  folder: string,
  parts: readonly StagedPart[],
  env?: Record<string, string>,
): Promise<CommandEntry[]> {
  const used = new Set<string>();
  const entries: CommandEntry[] = [];

  for (const part of parts) {
    const fileName = uniqueName(safeName(part.name) + scriptSuffix(part.interpreter), used);
    const path = joinTargetPath(folder, fileName);
    await context.platform.files.write(path, part.content, { mode: 0o700, owner: "root:root" });
    context.log.debug("Staged script {name} at {path}.", { name: part.name, path });
    entries.push({
      command: scriptCommand(effectiveInterpreter(part), path),
      content: `${fileName}\n${decoder.decode(part.content)}`,
      env,
    });
  }
  return entries;
}

/**
 * Runs a `.sh` or `.py` script that starts with `#!` directly, so its own
 * interpreter line wins over the extension, as cloud-init executes the file.
 */
function effectiveInterpreter(part: StagedPart): ScriptInterpreter {
  const startsWithShebang = part.content[0] === 0x23 && part.content[1] === 0x21;
  const unixInterpreter = part.interpreter === "sh" || part.interpreter === "python";
  return unixInterpreter && startsWithShebang ? "direct" : part.interpreter;
}

/** Keeps the last path component and replaces characters that are unsafe in file names. */
function safeName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const cleaned = base.replace(/[^A-Za-z0-9._-]/g, "_").replace(/^\.+/, "");
  return cleaned === "" ? "part" : cleaned;
}

function uniqueName(name: string, used: Set<string>): string {
  let candidate = name;
  for (let counter = 2; used.has(candidate); counter++) {
    const dot = name.lastIndexOf(".");
    candidate = dot > 0
      ? `${name.slice(0, dot)}-${counter}${name.slice(dot)}`
      : `${name}-${counter}`;
  }
  used.add(candidate);
  return candidate;
}
