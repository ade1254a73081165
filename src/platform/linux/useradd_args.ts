/** The `useradd` command line for a typed user, mapped as cloud-init maps its user keys. */

import type { TypedUser } from "../../cloudconfig/schema/typed_cloud_config.ts";

/**
 * Builds the argv of `useradd` that creates `user`. Options follow
 * cloud-init's mapping and its order (sorted by config key): `expiredate`,
 * `gecos`, `groups`, `homedir`, `inactive`, `no_log_init`, `no_user_group`,
 * `primary_group`, `selinux_user`, `shell`, `system`, `uid`, then `-M` for
 * a system user or `no_create_home`, else `-m`.
 *
 * The password is never put on the command line, because any local user
 * could read it from the process list. It is set over stdin afterwards.
 */
export function useraddArgs(user: TypedUser): string[] {
  const argv = ["useradd", user.name];
  const option = (flag: string, value: string | undefined) => {
    if (value !== undefined && value !== "") argv.push(flag, value);
  };
  const flag = (name: string, set: boolean) => {
    if (set) argv.push(name);
  };

  option("--expiredate", user.expiredate);
  option("--comment", user.gecos);
  option("--groups", user.groups.join(","));
  option("--home", user.homedir);
  option("--inactive", user.inactive);
  flag("--no-log-init", user.noLogInit);
  flag("--no-user-group", user.noUserGroup);
  option("--gid", user.primaryGroup);
  option("--selinux-user", user.selinuxUser);
  option("--shell", user.shell);
  flag("--system", user.system);
  option("--uid", user.uid === undefined ? undefined : String(user.uid));

  argv.push(user.noCreateHome || user.system ? "-M" : "-m");
  return argv;
}
