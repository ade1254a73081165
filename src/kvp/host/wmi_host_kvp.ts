/**
 * Host KVP access on a Windows Hyper-V host through WMI
 * (`root\virtualization\v2`), driven by PowerShell with JSON in and out.
 */

import { UsageError } from "../../errors.ts";
import { getLogger } from "../../log/logging.ts";
import { isGuid } from "../../transport/guid.ts";
import { type HostKvp, type KvpGroup, validateHostItem } from "./host_kvp.ts";
import { buildKvpItemXml, KvpItemSource, parseKvpItemsXml } from "./kvp_item_xml.ts";
import { type PowerShellRunner, ProcessPowerShellRunner } from "./powershell_runner.ts";
import { MODIFY_ITEMS_SCRIPT, READ_ITEMS_SCRIPT } from "./wmi_scripts.ts";

const log = getLogger("kvp", "wmi");

/** One call of a `Msvm_VirtualSystemManagementService` KVP method. */
export interface KvpMethodCall {
  method: "AddKvpItems" | "ModifyKvpItems" | "RemoveKvpItems";
  /** Data item XML strings, one per item. */
  items: string[];
}

/**
 * Reads and writes a VM's KVP items through Hyper-V WMI.
 * NOTE: no test has run this against Hyper-V; tests cover the script inputs and XML parsing.
 */
export class WmiHostKvp implements HostKvp {
  readonly #runner: PowerShellRunner;

  /** Uses `runner` to execute the scripts; tests pass a recording fake. */
  constructor(runner: PowerShellRunner = new ProcessPowerShellRunner()) {
    this.#runner = runner;
  }

  async read(vmId: string, group: KvpGroup): Promise<Map<string, string>> {
    const output = await this.#runner.run(READ_ITEMS_SCRIPT, { vmId: checkVmId(vmId), group });
    return parseKvpItemsXml(readItemList(output));
  }

  async updateExternal(vmId: string, changes: Record<string, string | null>): Promise<void> {
    for (const [key, value] of Object.entries(changes)) validateHostItem(key, value);
    const existing = await this.read(vmId, "external");
    const calls = planKvpCalls(existing, changes);
    if (calls.length === 0) return;
    log.debug("Writing external KVP items of {vmId}: {keys}", {
      vmId,
      keys: Object.keys(changes),
    });
    await this.#runner.run(MODIFY_ITEMS_SCRIPT, { vmId: checkVmId(vmId), calls });
  }
}

/**
 * Splits changes into the WMI calls Hyper-V needs: ModifyKvpItems for keys
 * that exist, AddKvpItems for new ones, RemoveKvpItems for null values of
 * existing keys. Removing a missing key needs no call.
 */
export function planKvpCalls(
  existing: ReadonlyMap<string, string>,
  changes: Record<string, string | null>,
): KvpMethodCall[] {
  const add: string[] = [];
  const modify: string[] = [];
  const remove: string[] = [];
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) {
      if (existing.has(key)) remove.push(buildKvpItemXml(key, "", KvpItemSource.HostExternal));
    } else if (existing.has(key)) {
      modify.push(buildKvpItemXml(key, value, KvpItemSource.HostExternal));
    } else {
      add.push(buildKvpItemXml(key, value, KvpItemSource.HostExternal));
    }
  }
  const calls: KvpMethodCall[] = [];
  if (remove.length > 0) calls.push({ method: "RemoveKvpItems", items: remove });
  if (modify.length > 0) calls.push({ method: "ModifyKvpItems", items: modify });
  if (add.length > 0) calls.push({ method: "AddKvpItems", items: add });
  return calls;
}

function checkVmId(vmId: string): string {
  if (!isGuid(vmId)) {
    throw new UsageError(`Invalid VM id "${vmId}": Hyper-V WMI needs the VM's GUID.`);
  }
  return vmId.replace(/[{}]/g, "").toUpperCase();
}

function readItemList(output: unknown): string[] {
  const items = (output as { items?: unknown } | null)?.items;
  if (items === undefined || items === null) return [];
  const list = Array.isArray(items) ? items : [items];
  return list.filter((item): item is string => typeof item === "string");
}
