/**
 * Values the user-data pipeline produces: the merged cloud-config, the
 * scripts and boothooks found in the payloads, and the warnings about parts
 * that were skipped.
 */

import type { Problem } from "../cloudconfig/problem.ts";

/** Origin of a part. User-data wins over vendor-data when both set a key. */
export type PayloadSource = "user" | "vendor";

/**
 * How often a script runs, named as cloud-init names its frequencies:
 * `always` runs on every boot (`text/x-shellscript-per-boot`), `per-instance`
 * once per instance id (`text/x-shellscript` and `-per-instance`), `once`
 * once for the life of the machine (`-per-once`).
 */
export type ScriptFrequency = "always" | "per-instance" | "once";

/**
 * Program that runs a script. `direct` executes the file itself, so the
 * kernel reads its `#!` line. The PowerShell variants follow cloudbase-init's
 * `#ps1_sysnative` (64-bit PowerShell from a 32-bit host) and `#ps1_x86` markers.
 */
export type ScriptInterpreter =
  | "direct"
  | "sh"
  | "python"
  | "cmd"
  | "powershell"
  | "powershell-sysnative"
  | "powershell-x86";

/** A user script found in the payload, ready to be written to the scripts folder and run. */
export interface Script {
  /** File name from the part (`filename=`), else a generated `part-001`-style name. */
  name: string;
  /** Script body; text bodies have LF line endings. */
  content: Uint8Array;
  interpreter: ScriptInterpreter;
  frequency: ScriptFrequency;
  /** Content type the part was handled as, for example `text/x-shellscript-per-boot`. */
  contentType: string;
  source: PayloadSource;
}

/** A cloud-boothook: runs early on every boot with `INSTANCE_ID` in its environment. */
export interface Boothook {
  name: string;
  /** Body without the `#cloud-boothook` line; text bodies have LF line endings. */
  content: Uint8Array;
  interpreter: ScriptInterpreter;
  source: PayloadSource;
}

/** Result of {@linkcode processUserData}. */
export interface UserDataResult {
  /** Merged cloud-config, vendor-data under user-data, merge directives removed. */
  cloudConfig: Record<string, unknown>;
  scripts: Script[];
  boothooks: Boothook[];
  warnings: Problem[];
}
