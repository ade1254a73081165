/**
 * The top-level keys of cloud-init's cloud-config schema
 * (`schema-cloud-config-v1.json`) that EGS accepts but does not apply, each
 * with the JSON types cloud-init allows at the top level. Only that type is
 * checked; their contents are cloud-init's business.
 */

import { z } from "../../zod.ts";

/** A JSON type as cloud-init's schema names it. */
export type JsonTypeName = "string" | "boolean" | "integer" | "array" | "object" | "null";

/** Keys accepted and not applied, with their allowed top-level types; an empty list allows any value. */
export const OTHER_KEY_TYPES: Readonly<Record<string, readonly JsonTypeName[]>> = {
  "allow_public_ssh_keys": ["boolean"],
  "ansible": ["object"],
  "apk_repos": ["object"],
  "apt": ["object"],
  "apt_pipelining": ["boolean", "integer", "string"],
  "apt_reboot_if_required": ["boolean"], // deprecated in cloud-init
  "apt_update": ["boolean"], // deprecated in cloud-init
  "apt_upgrade": ["boolean"], // deprecated in cloud-init
  "authkey_hash": ["string"],
  "autoinstall": ["object"],
  "byobu_by_default": ["string"],
  "ca-certs": ["object"],
  "ca_certs": ["object"],
  "chef": ["object"],
  "cloud_config_modules": ["array"],
  "cloud_final_modules": ["array"],
  "cloud_init_modules": ["array"],
  "create_hostname_file": ["boolean"],
  "device_aliases": ["object"],
  "disable_ec2_metadata": ["boolean"],
  "disk_setup": ["object"],
  "drivers": ["object"],
  "fan": ["object"],
  "final_message": ["string"],
  "fs_setup": ["array"],
  "grub-dpkg": ["object"], // deprecated in cloud-init
  "grub_dpkg": ["object"],
  "landscape": ["object"],
  "launch-index": ["integer"],
  "locale_configfile": ["string"],
  "lxd": ["object"],
  "manage_resolv_conf": ["boolean"],
  "mcollective": ["object"],
  "migrate": [],
  "mount_default_fields": ["array"],
  "mounts": ["array"],
  "no_ssh_fingerprints": ["boolean"],
  "output": ["object"],
  "package_reboot_if_required": ["boolean"],
  "package_update": ["boolean"],
  "package_upgrade": ["boolean"],
  "packages": ["array"],
  "phone_home": ["object"],
  "puppet": ["object"],
  "random_seed": ["object"],
  "reporting": ["object"],
  "resize_rootfs": ["boolean", "string"],
  "resolv_conf": ["object"],
  "rh_subscription": ["object"],
  "rpi": ["object"],
  "rsyslog": ["object"],
  "salt_minion": ["object"],
  "snap": ["object"],
  "spacewalk": ["object"],
  "ssh": ["object"],
  "ssh_deletekeys": ["boolean"],
  "ssh_fp_console_blacklist": ["array"],
  "ssh_import_id": ["array"],
  "ssh_key_console_blacklist": ["array"],
  "ssh_publish_hostkeys": ["object"],
  "ssh_quiet_keygen": ["boolean"],
  "swap": ["object"],
  "system_info": ["object"], // deprecated in cloud-init
  "ubuntu_advantage": ["object"], // deprecated in cloud-init
  "ubuntu_pro": ["object"],
  "updates": ["object"],
  "vendor_data": ["object"],
  "version": [],
  "wireguard": ["null", "object"],
  "yum_repo_dir": ["string"],
  "yum_repos": ["object"],
  "zypper": ["object"],
};

const TYPE_SCHEMAS: Record<JsonTypeName, z.ZodType> = {
  string: z.string(),
  boolean: z.boolean(),
  integer: z.int(),
  array: z.array(z.unknown()),
  object: z.record(z.string(), z.unknown()),
  null: z.null(),
};

/** Builds the schema of one not-applied key from its allowed top-level types. */
function schemaForTypes(types: readonly JsonTypeName[]): z.ZodType {
  if (types.length === 0) return z.unknown();
  if (types.length === 1) return TYPE_SCHEMAS[types[0]];
  const [first, second, ...rest] = types.map((type) => TYPE_SCHEMAS[type]);
  return z.union([first, second, ...rest]);
}

/** Schemas of the keys EGS accepts without applying them, checked for their top-level type only. */
export const otherKeys: Record<string, z.ZodType> = Object.fromEntries(
  Object.entries(OTHER_KEY_TYPES).map(([key, types]) => [key, schemaForTypes(types)]),
);
