/**
 * The PowerShell scripts behind {@linkcode WmiHostKvp}. Each reads its
 * parameters from `$request` (JSON on stdin) and prints JSON. The VM id is
 * re-parsed as a GUID inside the script before it appears in a WQL filter,
 * so only hex digits and dashes can reach the query.
 */

/** Reads one property holding data item XML strings: `{vmId, group}` in, `{items: string[]}` out. */
export const READ_ITEMS_SCRIPT = String.raw`
$vmId = ([guid]::Parse([string]$request.vmId)).ToString().ToUpperInvariant()
$ns = 'root\virtualization\v2'
switch ([string]$request.group) {
  'guest' { $class = 'Msvm_KvpExchangeComponent'; $property = 'GuestExchangeItems' }
  'guest_intrinsic' { $class = 'Msvm_KvpExchangeComponent'; $property = 'GuestIntrinsicExchangeItems' }
  'external' { $class = 'Msvm_KvpExchangeComponentSettingData'; $property = 'HostExchangeItems' }
  'host_only' { $class = 'Msvm_KvpExchangeComponentSettingData'; $property = 'HostOnlyItems' }
  default { throw "Unknown KVP group '$($request.group)'." }
}
$vm = Get-CimInstance -Namespace $ns -ClassName Msvm_ComputerSystem -Filter "Name='$vmId'"
if ($null -eq $vm) { throw "No Hyper-V VM has the id $vmId." }
if ($class -eq 'Msvm_KvpExchangeComponent') {
  $instance = Get-CimInstance -Namespace $ns -ClassName $class -Filter "SystemName='$vmId'"
} else {
  $instance = Get-CimInstance -Namespace $ns -ClassName $class -Filter "InstanceID LIKE 'Microsoft:$vmId%'" |
    Select-Object -First 1
}
$items = @()
if ($null -ne $instance -and $null -ne $instance.$property) { $items = @($instance.$property) }
Write-Result @{ items = [string[]]$items }
`;

/**
 * Calls Add/Modify/RemoveKvpItems in order: `{vmId, calls: [{method, items}]}`
 * in, `{results: [{method, returnValue}]}` out. A return value of 4096 is a
 * job, polled every second for up to 60 s: job states 2 to 6 are running, 7
 * is done, and every other state (8 is cancelled) fails with the job's error.
 */
export const MODIFY_ITEMS_SCRIPT = String.raw`
$vmId = ([guid]::Parse([string]$request.vmId)).ToString().ToUpperInvariant()
$ns = 'root\virtualization\v2'
$allowed = @('AddKvpItems', 'ModifyKvpItems', 'RemoveKvpItems')
$service = Get-CimInstance -Namespace $ns -ClassName Msvm_VirtualSystemManagementService
$vm = Get-CimInstance -Namespace $ns -ClassName Msvm_ComputerSystem -Filter "Name='$vmId'"
if ($null -eq $vm) { throw "No Hyper-V VM has the id $vmId." }
$results = @()
foreach ($call in @($request.calls)) {
  $method = [string]$call.method
  if ($allowed -notcontains $method) { throw "Unknown KVP method '$method'." }
  $arguments = @{ TargetSystem = $vm; DataItems = [string[]]@($call.items) }
  $result = Invoke-CimMethod -InputObject $service -MethodName $method -Arguments $arguments
  $code = [int]$result.ReturnValue
  if ($code -eq 4096) {
    $job = $result.Job
    $deadline = (Get-Date).AddSeconds(60)
    while ($true) {
      $job = Get-CimInstance -InputObject $job
      $state = [int]$job.JobState
      if ($state -eq 7) { $code = 0; break }
      if ($state -lt 2 -or $state -gt 6) {
        throw "$method failed: job state $state, error code $($job.ErrorCode): $($job.ErrorDescription)"
      }
      if ((Get-Date) -gt $deadline) { throw "$method did not finish within 60 seconds." }
      Start-Sleep -Seconds 1
    }
  } elseif ($code -ne 0) {
    throw "$method failed with return value $code."
  }
  $results += @{ method = $method; returnValue = $code }
}
Write-Result @{ results = @($results) }
`;
