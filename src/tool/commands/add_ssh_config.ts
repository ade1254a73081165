/**
 * `egs-tool add-ssh-config <VM-ID> [alias]`: authorizes the client key in
 * the guest, pins the guest's host keys, and writes an OpenSSH alias so that
 * `ssh <vm-id>.hyper-v.alt` (or the alias) reaches the VM through egs-tool proxy.
 */

import { join } from "../../path/path.ts";
import { OperationError } from "../../errors.ts";
import type { HostKvp } from "../../kvp/host/host_kvp.ts";
import { getLogger } from "../../log/logging.ts";
import { readClientPublicKey } from "../client_key.ts";
import { EXTERNAL_POOL_KEYS, GUEST_POOL_KEYS, hostClientKeySlot } from "../guest_keys.ts";
import { parsePublishedHostKeys, renderKnownHosts } from "../known_hosts.ts";
import { buildProxyCommand, type ToolInvocation } from "../proxy_command.ts";
import { applySshConfigBlock, renderSshConfigBlock } from "../ssh_config_block.ts";
import { validateSshAlias } from "../ssh_alias.ts";
import { readTextIfExists, writeTextIfChanged } from "../text_files.ts";
import type { ToolContext } from "../tool_context.ts";
import type { ToolPaths } from "../tool_paths.ts";
import { readHostNames, removeAlias, renderVmConfig } from "../vm_config_file.ts";
import { vmHostName, type VmTarget } from "../vm_target.ts";

const log = getLogger("tool", "ssh-config");

/** Everything `add-ssh-config` needs, passed in so tests can redirect each part. */
export interface AddSshConfigRequest {
  target: VmTarget;
  alias?: string;
  acceptNew: boolean;
  kvp: HostKvp;
  context: ToolContext;
  paths: ToolPaths;
  invocation: ToolInvocation;
  machineName: string;
}

/** Runs `add-ssh-config`; writes nothing when the guest has no host keys and `--accept-new` is off. */
export async function runAddSshConfig(request: AddSshConfigRequest): Promise<void> {
  const { target, paths, kvp } = request;
  const alias = request.alias === undefined ? undefined : validateSshAlias(request.alias);
  const hostName = vmHostName(target);

  const publicLine = await readClientPublicKey(paths.clientKey);

  const hostKeys = await readHostKeys(request);

  await authorizeClientKey(kvp, target, publicLine, request.machineName);

  const knownHostsFile = join(paths.knownHostsDir, target.name);
  if (hostKeys.length > 0) {
    await writeTextIfChanged(knownHostsFile, renderKnownHosts(hostName, hostKeys));
  } else {
    await Deno.mkdir(paths.knownHostsDir, { recursive: true, mode: 0o700 });
  }

  const block = renderSshConfigBlock(paths.catletConfigDir, paths.vmConfigDir);
  const sshConfig = await readTextIfExists(paths.sshConfig) ?? "";
  await writeTextIfChanged(paths.sshConfig, applySshConfigBlock(sshConfig, block, paths.sshConfig));
  await Deno.mkdir(paths.catletConfigDir, { recursive: true, mode: 0o700 });

  const vmFile = join(paths.vmConfigDir, `${target.name}.config`);
  const aliases = alias === undefined ? await previousAliases(vmFile, hostName) : [alias];
  if (alias !== undefined) await removeAliasElsewhere(paths.vmConfigDir, vmFile, alias);
  await writeTextIfChanged(
    vmFile,
    renderVmConfig({
      hostName,
      aliases,
      identityFile: paths.clientKey,
      knownHostsFile,
      strictHostKeyChecking: hostKeys.length > 0 ? "yes" : "accept-new",
      proxyCommand: buildProxyCommand(request.invocation, target.id, request.context),
    }),
  );

  console.log(`Wrote ${vmFile}`);
  console.log(`Connect with: ssh ${aliases[0] ?? hostName}`);
}

async function readHostKeys(request: AddSshConfigRequest): Promise<string[]> {
  const guest = await request.kvp.read(request.target.id, "guest");
  const keys = parsePublishedHostKeys(guest.get(GUEST_POOL_KEYS.hostKey) ?? "");
  if (keys.length === 0 && !request.acceptNew) {
    throw new OperationError(
      `VM ${request.target.id} has not published SSH host keys, so they cannot be pinned. ` +
        `Start eryph guest services in the VM and retry, or pass --accept-new to trust ` +
        `the first key ssh sees.`,
    );
  }
  if (keys.length === 0) {
    log.warning("VM {vmId} published no host keys; the alias trusts the first key ssh sees", {
      vmId: request.target.id,
    });
  }
  return keys;
}

/** Writes the public key into this host's named slot and the legacy slot, when not there yet. */
async function authorizeClientKey(
  kvp: HostKvp,
  target: VmTarget,
  publicLine: string,
  machineName: string,
): Promise<void> {
  const external = await kvp.read(target.id, "external");
  const changes: Record<string, string> = {};
  for (const slot of [hostClientKeySlot(machineName), EXTERNAL_POOL_KEYS.clientKey]) {
    if (external.get(slot)?.trim() !== publicLine) changes[slot] = publicLine;
  }
  if (Object.keys(changes).length === 0) return;
  await kvp.updateExternal(target.id, changes);
  log.info("Authorized the client key in VM {vmId} through {slots}", {
    vmId: target.id,
    slots: Object.keys(changes),
  });
}

async function previousAliases(vmFile: string, hostName: string): Promise<string[]> {
  const text = await readTextIfExists(vmFile);
  if (text === undefined) return [];
  return readHostNames(text).filter((name) => name.toLowerCase() !== hostName.toLowerCase());
}

async function removeAliasElsewhere(dir: string, ownFile: string, alias: string): Promise<void> {
  let entries: Deno.DirEntry[] = [];
  try {
    entries = await Array.fromAsync(Deno.readDir(dir));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return;
    throw error;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (!entry.isFile || !entry.name.endsWith(".config") || path === ownFile) continue;
    const updated = removeAlias(await Deno.readTextFile(path), alias);
    if (updated === undefined) continue;
    await writeTextIfChanged(path, updated);
    log.info("Moved alias {alias} away from {path}", { alias, path });
  }
}
