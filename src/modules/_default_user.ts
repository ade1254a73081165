/**
 * Finds the default user for the modules that refer to it: `users_groups`,
 * `set_passwords` (`password`) and `ssh` (top-level `ssh_authorized_keys`).
 */

import { typedUser } from "../cloudconfig/_normalize_users.ts";
import type { TypedUser } from "../cloudconfig/schema/typed_cloud_config.ts";
import type { ModuleContext } from "../provisioning/module.ts";

/**
 * Returns the user entries to apply. When the config has no `users` key the
 * list is `[default]`, as cloud-init's stock `cloud.cfg` sets it; an explicit
 * `users: []` has no default user.
 */
export function configuredUsers(context: ModuleContext): TypedUser[] {
  const users = context.config.users;
  const hasUsersKey = context.rawConfig.users !== undefined;
  if (hasUsersKey || users.some((user) => user.isDefault)) return users;
  return [typedUser({}, "default", "users"), ...users];
}

/**
 * Resolves the default user, with the overrides of its entry, through the
 * platform. Returns undefined when the config has no default user.
 */
export async function resolveDefaultUser(context: ModuleContext): Promise<TypedUser | undefined> {
  const entry = configuredUsers(context).find((user) => user.isDefault);
  if (entry === undefined) return undefined;
  return await context.platform.users.resolveDefaultUser(entry);
}
