import { assertEquals, assertStringIncludes } from "../_support/assert.ts";
import type { PowerShellRunner } from "../../src/kvp/host/powershell_runner.ts";
import {
  changeServiceRegistration,
  protectKeyFolder,
  registrationRequest,
} from "../../src/tool/windows_registration.ts";

class RecordingRunner implements PowerShellRunner {
  readonly runs: { script: string; input: unknown }[] = [];
  run(script: string, input: unknown): Promise<unknown> {
    this.runs.push({ script, input });
    return Promise.resolve({});
  }
}

Deno.test("registrationRequest() passes the service id and name as data", () => {
  const request = registrationRequest("register");
  assertEquals(request.input, {
    action: "register",
    serviceId: "0000138a-facb-11e6-bd58-64006a7986d3",
    elementName: "Eryph Guest Services",
  });
  assertStringIncludes(request.script, "GuestCommunicationServices");
  assertStringIncludes(request.script, "ToUpperInvariant()");
  assertEquals(request.script.includes("0000138a"), false);
});

Deno.test("changeServiceRegistration() runs one script per action", async () => {
  const runner = new RecordingRunner();
  await changeServiceRegistration(runner, "register");
  await changeServiceRegistration(runner, "unregister");
  assertEquals(runner.runs.map((run) => (run.input as { action: string }).action), [
    "register",
    "unregister",
  ]);
  assertStringIncludes(runner.runs[1].script, "Remove-Item -LiteralPath $path -Recurse");
});

Deno.test("protectKeyFolder() grants only Administrators and SYSTEM", async () => {
  const runner = new RecordingRunner();
  await protectKeyFolder(runner, "C:\\ProgramData\\eryph\\guest-services\\private");
  assertEquals(runner.runs[0].input, { folder: "C:\\ProgramData\\eryph\\guest-services\\private" });
  assertStringIncludes(runner.runs[0].script, "SetAccessRuleProtection($true, $false)");
  assertStringIncludes(runner.runs[0].script, "'S-1-5-32-544', 'S-1-5-18'");
});
