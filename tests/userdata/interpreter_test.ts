import { assertEquals } from "../_support/assert.ts";
import { chooseInterpreter } from "../../src/userdata/interpreter.ts";
import type { ScriptInterpreter } from "../../src/userdata/types.ts";

const cases: [string | undefined, string, ScriptInterpreter][] = [
  ["setup.ps1", "Write-Host hi", "powershell"],
  ["setup.PS1", "#!/bin/sh", "powershell"],
  ["setup.ps1", "#ps1_sysnative\nWrite-Host hi", "powershell-sysnative"],
  ["setup.ps1", "#ps1_x86\nWrite-Host hi", "powershell-x86"],
  ["setup.cmd", "echo hi", "cmd"],
  ["setup.bat", "echo hi", "cmd"],
  ["setup.py", "print('hi')", "python"],
  ["setup.sh", "echo hi", "sh"],
  [undefined, "#ps1\nWrite-Host hi", "powershell"],
  [undefined, "#ps1_sysnative\n", "powershell-sysnative"],
  [undefined, "rem cmd\necho hi", "cmd"],
  [undefined, "#!/usr/bin/env python3\n", "direct"],
  ["notes.txt", "#!/bin/sh\n", "direct"],
  [undefined, "echo no marker", "direct"],
];

for (const [filename, text, expected] of cases) {
  Deno.test(`chooseInterpreter() picks ${expected} for ${filename ?? "no name"} and ${JSON.stringify(text.slice(0, 16))}`, () => {
    assertEquals(chooseInterpreter(filename, text), expected);
  });
}
