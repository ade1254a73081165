/** The `ssh` module: host keys and the authorized keys of the default user and root. */

import type { ModuleContext, ProvisioningModule } from "../provisioning/module.ts";
import { replaceKeyOptions } from "./_authorized_key_line.ts";
import { resolveDefaultUser } from "./_default_user.ts";
import { DEFAULT_GENKEYTYPES, generateHostKeys, writeHostKeys } from "./_ssh_host_keys.ts";
import { count } from "./_count.ts";

/**
 * Default of `disable_root_opts`, the text of cloud-init's
 * `ssh_util.DISABLE_USER_OPTS`. Its forced command prints which account to
 * use and exits with 142.
 */
export const DEFAULT_DISABLE_ROOT_OPTS = "no-port-forwarding,no-agent-forwarding," +
  `no-X11-forwarding,command="echo 'Please login as the user \\"$USER\\" rather than ` +
  `the user \\"$DISABLE_USER\\".';echo;sleep 10;exit 142"`;

/**
 * Writes `ssh_keys` host keys, or generates the missing `ssh_genkeytypes`
 * keys when `ssh_keys` is absent, then installs the meta-data public keys and
 * top-level `ssh_authorized_keys` for the default user and for root. With
 * `disable_root` (the default) root's lines carry `disable_root_opts` in place
 * of their own options; with `disable_root: false` they are kept as written.
 */
export const sshModule: ProvisioningModule = {
  name: "ssh",
  stage: "network",
  frequency: "per-instance",
  activatedBy: [],
  reads: [
    "ssh_authorized_keys",
    "ssh_keys",
    "ssh_genkeytypes",
    "disable_root",
    "disable_root_opts",
  ],
  async handle(context) {
    let hostKeys: number;
    let hostKeyText: string;
    if (Object.keys(context.config.sshKeys).length > 0) {
      hostKeys = await writeHostKeys(context);
      hostKeyText = `${count(hostKeys, "host key")} written`;
    } else {
      const generated = await generateHostKeys(
        context,
        context.config.sshGenkeytypes ?? DEFAULT_GENKEYTYPES,
      );
      hostKeys = generated.count;
      hostKeyText = generated.missingTool === undefined
        ? `${count(hostKeys, "host key")} generated`
        : `no host keys generated: ${generated.missingTool}`;
    }

    const keys = [...metadataKeys(context.instance.metadata), ...context.config.sshAuthorizedKeys];
    if (keys.length === 0) {
      // Per-user keys (users[].ssh_authorized_keys) belong to users_groups.
      return {
        status: hostKeys > 0 ? "applied" : "unchanged",
        message: `${hostKeyText}; no keys for the default user or root`,
      };
    }

    const user = await resolveDefaultUser(context);
    if (user !== undefined) await addKeys(context, user.name, keys);

    const options = context.config.disableRoot
      ? (context.config.disableRootOpts ?? DEFAULT_DISABLE_ROOT_OPTS)
        .replaceAll("$USER", user?.name ?? "NONE")
        .replaceAll("$DISABLE_USER", "root")
      : "";
    await addKeys(context, "root", keys.map((key) => replaceKeyOptions(key, options)));
    return {
      status: "applied",
      message: `${hostKeyText}; ${count(keys.length, "authorized key")}`,
    };
  },
};

async function addKeys(context: ModuleContext, name: string, keys: string[]): Promise<void> {
  try {
    await context.platform.users.addAuthorizedKeys(name, keys);
  } catch (error) {
    throw new Error(
      `Cannot add the authorized keys of "${name}": ${(error as Error).message}`,
      { cause: error },
    );
  }
  context.log.info("Added authorized keys for {user} (count {count}).", {
    user: name,
    count: keys.length,
  });
}

/** Reads the datasource's `public-keys`: a string, a list, or a mapping of names to keys. */
function metadataKeys(metadata: Record<string, unknown>): string[] {
  const value = metadata["public-keys"] ?? metadata["public_keys"];
  const collect = (item: unknown): string[] =>
    typeof item === "string"
      ? item.split("\n").map((line) => line.trim()).filter((line) => line !== "")
      : Array.isArray(item)
      ? item.flatMap(collect)
      : item !== null && typeof item === "object"
      ? Object.values(item).flatMap(collect)
      : [];
  return collect(value);
}
