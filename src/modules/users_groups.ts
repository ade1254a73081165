/** The `users_groups` module: groups, users, memberships and per-user SSH keys. */

import { OperationError } from "../errors.ts";
import type { ModuleContext, ProvisioningModule } from "../provisioning/module.ts";
import { configuredUsers } from "./_default_user.ts";
import { redactSecrets, userSecrets } from "./_redact.ts";
import { count } from "./_count.ts";

/**
 * Creates the groups of `groups` (empty at first), then each user of `users`
 * (the default user resolved by the platform), then adds the group members,
 * then installs each user's `ssh_authorized_keys` line by line, options
 * intact. A failing group or user is logged and the next one is still
 * applied; the module then fails naming each failure.
 */
export const usersGroupsModule: ProvisioningModule = {
  name: "users_groups",
  stage: "network",
  frequency: "per-instance",
  activatedBy: [],
  reads: ["users", "groups"],
  async handle(context) {
    const failures: string[] = [];
    const secrets = configuredUsers(context).flatMap(userSecrets);
    const attempt = async (what: string, action: () => Promise<void>) => {
      try {
        await action();
      } catch (error) {
        const message = `Cannot ${what}: ${redactSecrets((error as Error).message, secrets)}`;
        context.log.error(message);
        failures.push(message);
      }
    };

    for (const group of context.config.groups) {
      await attempt(
        `create group "${group.name}"`,
        () => context.platform.users.ensureGroup({ name: group.name, members: [] }),
      );
    }

    const created = await applyUsers(context, attempt);

    for (const group of context.config.groups.filter((group) => group.members.length > 0)) {
      await attempt(
        `add members ${group.members.join(", ")} to group "${group.name}"`,
        () => context.platform.users.ensureGroup(group),
      );
    }

    if (failures.length > 0) throw new OperationError(failures.join(" "));
    return { status: "applied", message: `${count(created, "user")} created` };
  },
};

async function applyUsers(
  context: ModuleContext,
  attempt: (what: string, action: () => Promise<void>) => Promise<void>,
): Promise<number> {
  const users = context.platform.users;
  let created = 0;

  for (const entry of configuredUsers(context)) {
    const label = entry.isDefault ? "the default user" : `user "${entry.name}"`;
    await attempt(`create ${label} (${entry.keyPath})`, async () => {
      const user = entry.isDefault ? await users.resolveDefaultUser(entry) : entry;
      if (await users.ensureUser(user)) created++;
      context.log.info("User {user} is present with groups {groups}.", {
        user: user.name,
        groups: user.groups.join(","),
      });
      if (user.sshAuthorizedKeys.length > 0) {
        await users.addAuthorizedKeys(user.name, user.sshAuthorizedKeys);
        context.log.info("Added authorized keys for {user} (count {count}).", {
          user: user.name,
          count: user.sshAuthorizedKeys.length,
        });
      }
    });
  }
  return created;
}
