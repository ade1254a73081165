/**
 * Windows host set-up that needs administrator rights: registering the EGS
 * socket service with Hyper-V, and locking the machine-wide key folder to
 * Administrators and SYSTEM. Both run PowerShell with their data as JSON.
 * NOTE: written for Windows hosts; no test has run these scripts on Windows.
 */

import type { PowerShellRunner } from "../kvp/host/powershell_runner.ts";
import { EGS_SERVICE_ID } from "../transport/service_id.ts";

/** Name Hyper-V shows for the registered service. */
export const SERVICE_ELEMENT_NAME = "Eryph Guest Services";

const REGISTRATION_SCRIPT = String.raw`
$serviceId = ([guid]::Parse([string]$request.serviceId)).ToString().ToUpperInvariant()
$path = 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Virtualization\GuestCommunicationServices\' + $serviceId
if ($request.action -eq 'register') {
  if (-not (Test-Path -LiteralPath $path)) { New-Item -Path $path | Out-Null }
  New-ItemProperty -LiteralPath $path -Name 'ElementName' -Value ([string]$request.elementName) -PropertyType String -Force | Out-Null
} elseif ($request.action -eq 'unregister') {
  if (Test-Path -LiteralPath $path) { Remove-Item -LiteralPath $path -Recurse -Force }
} else {
  throw "Unknown registration action '$($request.action)'."
}
Write-Result @{ path = $path }
`;

const PROTECT_FOLDER_SCRIPT = String.raw`
$folder = [string]$request.folder
New-Item -ItemType Directory -Force -Path $folder | Out-Null
$acl = New-Object System.Security.AccessControl.DirectorySecurity
$acl.SetAccessRuleProtection($true, $false)
foreach ($sid in @('S-1-5-32-544', 'S-1-5-18')) {
  $identity = New-Object System.Security.Principal.SecurityIdentifier($sid)
  $rule = New-Object System.Security.AccessControl.FileSystemAccessRule($identity, 'FullControl', 'ContainerInherit,ObjectInherit', 'None', 'Allow')
  $acl.AddAccessRule($rule)
}
Set-Acl -LiteralPath $folder -AclObject $acl
Write-Result @{ folder = $folder }
`;

/** Script and JSON input of one registration change. */
export function registrationRequest(action: "register" | "unregister"): {
  script: string;
  input: Record<string, string>;
} {
  return {
    script: REGISTRATION_SCRIPT,
    input: { action, serviceId: EGS_SERVICE_ID, elementName: SERVICE_ELEMENT_NAME },
  };
}

/**
 * Registers (or with `unregister` removes) the EGS service under Hyper-V's
 * GuestCommunicationServices key; removing a missing registration succeeds.
 */
export async function changeServiceRegistration(
  runner: PowerShellRunner,
  action: "register" | "unregister",
): Promise<void> {
  const request = registrationRequest(action);
  await runner.run(request.script, request.input);
}

/**
 * Creates `folder` and gives only Administrators and SYSTEM access to it,
 * without inherited entries.
 */
export async function protectKeyFolder(runner: PowerShellRunner, folder: string): Promise<void> {
  await runner.run(PROTECT_FOLDER_SCRIPT, { folder });
}
