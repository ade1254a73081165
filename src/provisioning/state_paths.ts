/**
 * Layout of the runner's files under the state directory, modelled on
 * cloud-init's `/var/lib/cloud`:
 *
 * ```
 * state.json                              last run: status, stage, modules, pending reboot
 * data/instance-id, data/previous-instance-id, data/boot-id
 * sem/config_<module>.once                per-once semaphores
 * entries/<module>.json                   entry progress of per-once modules
 * instances/<iid>/sem/config_<module>     per-instance semaphores
 * instances/<iid>/sem/config_<module>.boot per-boot markers, holding the boot id
 * instances/<iid>/entries/<module>.json   entry progress of other modules
 * instances/<iid>/boot-finished           written when the final stage ends
 * ```
 */

import { join } from "../path/path.ts";
import type { Frequency } from "./module.ts";

/** Paths of the runner's files for one state directory and instance. */
export class StatePaths {
  readonly stateDir: string;
  readonly instanceDir: string;

  constructor(stateDir: string, instanceId: string) {
    this.stateDir = stateDir;
    this.instanceDir = join(stateDir, "instances", instanceDirName(instanceId));
  }

  get stateFile(): string {
    return join(this.stateDir, "state.json");
  }

  get instanceIdFile(): string {
    return join(this.stateDir, "data", "instance-id");
  }

  get previousInstanceIdFile(): string {
    return join(this.stateDir, "data", "previous-instance-id");
  }

  get bootIdFile(): string {
    return join(this.stateDir, "data", "boot-id");
  }

  get bootFinishedFile(): string {
    return join(this.instanceDir, "boot-finished");
  }

  /** Returns the semaphore of a module; undefined for `always`, which has none. */
  semaphore(moduleName: string, frequency: Frequency): string | undefined {
    const name = `config_${moduleName.replaceAll("-", "_")}`;
    switch (frequency) {
      case "always":
        return undefined;
      case "per-boot":
        return join(this.instanceDir, "sem", `${name}.boot`);
      case "per-instance":
        return join(this.instanceDir, "sem", name);
      case "per-once":
        return join(this.stateDir, "sem", `${name}.once`);
    }
  }

  /** Returns the entry progress file of a module. */
  entryProgress(moduleName: string, frequency: Frequency): string {
    const base = frequency === "per-once" ? this.stateDir : this.instanceDir;
    return join(base, "entries", `${moduleName}.json`);
  }
}

/**
 * Turns an instance id into a directory name. Path separators become `_`, as
 * cloud-init does, and the names `.` and `..` get a `_` prefix, so an id can
 * never point outside `instances/`.
 */
export function instanceDirName(instanceId: string): string {
  const name = instanceId.replace(/[/\\\0]/g, "_");
  if (name === "" || name === "." || name === "..") return `_${name}`;
  return name;
}
