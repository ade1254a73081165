/**
 * Choice of the program that runs a script: the file name extension first,
 * then the first-line marker, then the content type's default.
 */

import type { ScriptInterpreter } from "./types.ts";

const BY_EXTENSION: Readonly<Record<string, ScriptInterpreter>> = {
  ".ps1": "powershell",
  ".cmd": "cmd",
  ".bat": "cmd",
  ".py": "python",
  ".sh": "sh",
};

/** Returns the interpreter a first line selects, or undefined when it has no marker. */
export function interpreterFromMarker(text: string | undefined): ScriptInterpreter | undefined {
  if (text === undefined) return undefined;
  const start = text.trimStart().slice(0, 32).toLowerCase();
  if (start.startsWith("#ps1_sysnative")) return "powershell-sysnative";
  if (start.startsWith("#ps1_x86")) return "powershell-x86";
  if (start.startsWith("#ps1")) return "powershell";
  if (start.startsWith("rem cmd")) return "cmd";
  if (start.startsWith("#!")) return "direct";
  return undefined;
}

/**
 * Chooses the interpreter of a script. `filename` is the name the user gave
 * the part (a generated name has no extension). A `.ps1` file keeps the
 * 64-bit or 32-bit variant its `#ps1_sysnative`/`#ps1_x86` line names.
 * Without extension or marker the script is run directly.
 */
export function chooseInterpreter(
  filename: string | undefined,
  text: string | undefined,
): ScriptInterpreter {
  const marker = interpreterFromMarker(text);
  const extension = /\.[^./\\]+$/.exec(filename ?? "")?.[0].toLowerCase();
  const fromExtension = extension === undefined ? undefined : BY_EXTENSION[extension];

  if (fromExtension === "powershell" && marker?.startsWith("powershell")) return marker;
  return fromExtension ?? marker ?? "direct";
}
