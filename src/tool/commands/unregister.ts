/** `egs-tool unregister`: removes the Hyper-V registration of the EGS socket service. */

import { ProcessPowerShellRunner } from "../../kvp/host/powershell_runner.ts";
import { changeServiceRegistration } from "../windows_registration.ts";

/** Runs `unregister`; on hosts other than Windows there is no registration to remove. */
export async function runUnregister(os: string = Deno.build.os): Promise<void> {
  if (os !== "windows") {
    console.log(`Nothing to unregister: only Windows Hyper-V hosts register the service (${os}).`);
    return;
  }
  await changeServiceRegistration(new ProcessPowerShellRunner(), "unregister");
  console.log("Removed the Hyper-V registration of the eryph guest services socket service.");
}
