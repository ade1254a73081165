/**
 * Sets the host name for `set_hostname` and `update_hostname`, and records
 * the name set in the state directory's `data/previous-hostname`, so a later
 * run can tell a config change from a change made by hand.
 */

import type { ModuleContext, ModuleOutcome } from "../provisioning/module.ts";
import { pickHostNames } from "./_host_names.ts";
import { DEFAULT_TARGET_STATE_DIR, joinTargetPath, type ModuleOptions } from "./_options.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Sets the host name unless `preserve_hostname` is true or no name is known.
 * With `onlyWhenChanged`, skips names equal to the recorded one, so a name set
 * by hand survives until the config changes. Requests a reboot when the
 * platform reports that the change needs one.
 */
export async function applyHostName(
  context: ModuleContext,
  options: ModuleOptions,
  onlyWhenChanged: boolean,
): Promise<ModuleOutcome> {
  if (context.config.preserveHostname) {
    context.log.info("preserve_hostname is true; the host name is left unchanged.");
    return { status: "unchanged", message: "preserve_hostname is true" };
  }

  const names = pickHostNames(context.config, context.instance);
  if (names === undefined) {
    context.log.info("Neither the config nor the meta-data names the host; nothing to set.");
    return { status: "unchanged", message: "no host name given" };
  }

  const recordPath = joinTargetPath(
    options.stateDir ?? DEFAULT_TARGET_STATE_DIR,
    "data",
    "previous-hostname",
  );
  const record = `${names.fqdn ?? names.hostname}\n`;
  if (onlyWhenChanged && await readText(context, recordPath) === record) {
    return { status: "unchanged", message: `host name ${names.hostname} already set` };
  }

  const needsReboot = await setHostName(context, names.hostname, names.fqdn);
  await context.platform.files.write(recordPath, encoder.encode(record), { mode: 0o644 });
  if (names.fqdn === undefined) {
    context.log.info("Set the host name to {hostname} from the {source}.", {
      hostname: names.hostname,
      source: names.source,
    });
  } else {
    context.log.info("Set the host name to {hostname} (FQDN {fqdn}) from the {source}.", {
      hostname: names.hostname,
      fqdn: names.fqdn,
      source: names.source,
    });
  }

  if (needsReboot) {
    return context.requestReboot(`host name changed to ${names.hostname}`, "continue");
  }
  return { status: "applied", message: `host name ${names.hostname}` };
}

async function setHostName(
  context: ModuleContext,
  hostname: string,
  fqdn: string | undefined,
): Promise<boolean> {
  try {
    return await context.platform.hostname.set(hostname, fqdn);
  } catch (error) {
    throw new Error(`Cannot set the host name to "${hostname}": ${(error as Error).message}`, {
      cause: error,
    });
  }
}

async function readText(context: ModuleContext, path: string): Promise<string | undefined> {
  const data = await context.platform.files.read(path);
  return data === undefined ? undefined : decoder.decode(data);
}
