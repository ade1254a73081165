/**
 * `egs-tool set-user-data <VM-ID> <file> [--meta-data <file>]`: pushes
 * provisioning data into the external pool for the guest's HyperVKvp datasource.
 */

import { splitForKvp } from "../../datasources/kvp_payload.ts";
import { DEFAULT_KVP_PREFIX, kvpPayloadKey } from "../../datasources/kvp_payload.ts";
import { InputError } from "../../errors.ts";
import type { HostKvp } from "../../kvp/host/host_kvp.ts";
import type { VmTarget } from "../vm_target.ts";

/** Options of `set-user-data`. */
export interface SetUserDataOptions {
  metaData?: string;
  keyPrefix?: string;
}

/**
 * Returns the external changes that store `bytes` as payload `name`: the new
 * keys, and null for every older key of that payload (such as a chunk the
 * new, shorter payload no longer has).
 */
export async function payloadChanges(
  existing: ReadonlyMap<string, string>,
  name: string,
  bytes: Uint8Array,
  prefix: string,
): Promise<Record<string, string | null>> {
  const values = await splitForKvp(name, bytes, prefix);
  const base = kvpPayloadKey(name, prefix);
  const changes: Record<string, string | null> = {};
  for (const key of existing.keys()) {
    if ((key === base || key.startsWith(`${base}.`)) && !(key in values)) changes[key] = null;
  }
  return { ...changes, ...values };
}

/** Runs `set-user-data`. */
export async function runSetUserData(
  kvp: HostKvp,
  target: VmTarget,
  userDataFile: string,
  options: SetUserDataOptions,
): Promise<void> {
  const prefix = options.keyPrefix ?? DEFAULT_KVP_PREFIX;
  const existing = await kvp.read(target.id, "external");
  const payloads: [string, string][] = [["user-data", userDataFile]];
  if (options.metaData !== undefined) payloads.push(["meta-data", options.metaData]);

  let changes: Record<string, string | null> = {};
  for (const [name, file] of payloads) {
    const bytes = await readInput(file, name);
    changes = { ...changes, ...await payloadChanges(existing, name, bytes, prefix) };
  }

  await kvp.updateExternal(target.id, changes);
  console.log(
    `Wrote ${payloads.map(([name]) => name).join(" and ")} for VM ${target.id} ` +
      `(${Object.values(changes).filter((value) => value !== null).length} KVP items).`,
  );
}

async function readInput(file: string, name: string): Promise<Uint8Array> {
  try {
    return await Deno.readFile(file);
  } catch (error) {
    throw new InputError(`Cannot read the ${name} file "${file}": ${(error as Error).message}`, {
      file,
    }, { cause: error });
  }
}
