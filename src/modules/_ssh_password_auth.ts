/** Writes `ssh_pwauth` as an sshd drop-in, under the file name cloud-init uses. */

import type { ModuleContext } from "../provisioning/module.ts";

/** The drop-in cloud-init writes for `ssh_pwauth`. */
export const SSH_PWAUTH_DROP_IN = "/etc/ssh/sshd_config.d/50-cloud-init.conf";

const encoder = new TextEncoder();

/**
 * Writes `PasswordAuthentication yes|no` to the drop-in when `ssh_pwauth` is a
 * boolean; `unchanged` or an absent key leaves sshd alone.
 */
export async function writeSshPasswordAuth(context: ModuleContext): Promise<void> {
  const setting = context.config.sshPwauth;
  if (setting === undefined) return;
  if (setting === "unchanged") {
    const raw = String(context.rawConfig.ssh_pwauth);
    if (raw.trim().toLowerCase() !== "unchanged") {
      context.log.warning("ssh_pwauth {value} is not a boolean; sshd is left unchanged.", {
        value: raw,
      });
    }
    return;
  }

  const value = setting ? "yes" : "no";
  // NOTE: sshd is not reloaded; cloud-init's ordering starts sshd after this
  // stage, and an sshd that is already running reads the drop-in on restart.
  await context.platform.files.write(
    SSH_PWAUTH_DROP_IN,
    encoder.encode(`PasswordAuthentication ${value}\n`),
    { mode: 0o600, owner: "root:root" },
  );
  context.log.info("Wrote {path}: PasswordAuthentication {value}.", {
    path: SSH_PWAUTH_DROP_IN,
    value,
  });
}
