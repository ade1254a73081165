/** Commands that start a staged script with the interpreter that its marker or `#!` line chose. */

import type { ProcessCommand } from "../platform/types.ts";
import type { ScriptInterpreter } from "../userdata/types.ts";

const WINDOWS_POWERSHELL = "WindowsPowerShell\\v1.0\\powershell.exe";
const POWERSHELL_ARGS = ["-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass", "-File"];

/** File name suffix a script needs to be started on its OS, such as `.ps1`. */
export function scriptSuffix(interpreter: ScriptInterpreter): string {
  switch (interpreter) {
    case "cmd":
      return ".cmd";
    case "powershell":
    case "powershell-sysnative":
    case "powershell-x86":
      return ".ps1";
    default:
      return "";
  }
}

/**
 * Returns the command that runs the script at `path`. `direct` executes the
 * file, so the OS reads its `#!` line; the others name their interpreter.
 */
export function scriptCommand(interpreter: ScriptInterpreter, path: string): ProcessCommand {
  switch (interpreter) {
    case "direct":
      return { kind: "script", path };
    case "sh":
      return { kind: "argv", argv: ["/bin/sh", path] };
    case "python":
      return { kind: "argv", argv: ["python3", path] };
    case "cmd":
      return { kind: "argv", argv: ["cmd.exe", "/c", path] };
    case "powershell":
      return { kind: "argv", argv: ["powershell.exe", ...POWERSHELL_ARGS, path] };
    case "powershell-sysnative":
      return {
        kind: "argv",
        argv: [`C:\\Windows\\Sysnative\\${WINDOWS_POWERSHELL}`, ...POWERSHELL_ARGS, path],
      };
    case "powershell-x86":
      return {
        kind: "argv",
        argv: [`C:\\Windows\\SysWOW64\\${WINDOWS_POWERSHELL}`, ...POWERSHELL_ARGS, path],
      };
  }
}
