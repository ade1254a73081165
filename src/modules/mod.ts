/** The provisioning modules EGS implements, with cloud-init's names, stages and frequencies. */

import type { ProvisioningModule } from "../provisioning/module.ts";
import type { ModuleOptions } from "./_options.ts";
import { bootcmdModule } from "./bootcmd.ts";
import { createBoothooksModule } from "./boothooks.ts";
import { createEgsModule } from "./egs.ts";
import { growpartModule } from "./growpart.ts";
import { keyboardModule } from "./keyboard.ts";
import { localeModule } from "./locale.ts";
import { ntpModule } from "./ntp.ts";
import { powerStateChangeModule } from "./power_state_change.ts";
import { runcmdModule } from "./runcmd.ts";
import { createScriptsPerBootModule } from "./scripts_per_boot.ts";
import { createScriptsPerInstanceModule } from "./scripts_per_instance.ts";
import { createScriptsPerOnceModule } from "./scripts_per_once.ts";
import { createScriptsUserModule } from "./scripts_user.ts";
import { createScriptsVendorModule } from "./scripts_vendor.ts";
import { createSetHostnameModule } from "./set_hostname.ts";
import { setPasswordsModule } from "./set_passwords.ts";
import { sshModule } from "./ssh.ts";
import { timezoneModule } from "./timezone.ts";
import { updateEtcHostsModule } from "./update_etc_hosts.ts";
import { createUpdateHostnameModule } from "./update_hostname.ts";
import { usersGroupsModule } from "./users_groups.ts";
import { createWriteFilesDeferredModule } from "./write_files_deferred.ts";
import { createWriteFilesModule } from "./write_files.ts";

export type { ModuleOptions, SourceFetcher } from "./_options.ts";
export { DEFAULT_TARGET_STATE_DIR } from "./_options.ts";

/** Creates every module; the stage runner orders them by cloud-init's default order. */
export function createModules(options: ModuleOptions = {}): ProvisioningModule[] {
  return [
    createBoothooksModule(options),
    bootcmdModule,
    createWriteFilesModule(options),
    growpartModule,
    createSetHostnameModule(options),
    createUpdateHostnameModule(options),
    updateEtcHostsModule,
    usersGroupsModule,
    sshModule,
    setPasswordsModule,
    keyboardModule,
    localeModule,
    ntpModule,
    timezoneModule,
    createEgsModule(options),
    runcmdModule,
    createWriteFilesDeferredModule(options),
    createScriptsVendorModule(options),
    createScriptsPerOnceModule(options),
    createScriptsPerBootModule(options),
    createScriptsPerInstanceModule(options),
    createScriptsUserModule(options),
    powerStateChangeModule,
  ];
}
