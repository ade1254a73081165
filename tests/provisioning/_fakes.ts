/** In-memory fakes for the stage runner tests: KVP store, processes, platform and modules. */

import { normalizeCloudConfig } from "../../src/cloudconfig/validate.ts";
import { type KvpPool, KvpPoolId, type KvpStore } from "../../src/kvp/pool.ts";
import type {
  Platform,
  ProcessCommand,
  Processes,
  ProcessResult,
  RunOptions,
} from "../../src/platform/types.ts";
import type {
  Frequency,
  ModuleContext,
  ModuleOutcome,
  ProvisioningModule,
} from "../../src/provisioning/module.ts";
import type { ProvisioningInput } from "../../src/provisioning/run_provisioning.ts";
import type { Stage } from "../../src/settings/settings.ts";

/** A pool kept in a Map, recording every value written to each key. */
export class MemoryKvpPool implements KvpPool {
  readonly items = new Map<string, string>();
  readonly writes: [string, string | null][] = [];
  failing = false;

  readAll(): Promise<Map<string, string>> {
    return Promise.resolve(new Map(this.items));
  }

  get(key: string): Promise<string | undefined> {
    return Promise.resolve(this.items.get(key));
  }

  update(changes: Record<string, string | null>): Promise<void> {
    if (this.failing) return Promise.reject(new Error("pool file locked"));
    for (const [key, value] of Object.entries(changes)) {
      this.writes.push([key, value]);
      if (value === null) this.items.delete(key);
      else this.items.set(key, value);
    }
    return Promise.resolve();
  }

  /** Returns every value written to `key`, in order. */
  history(key: string): (string | null)[] {
    return this.writes.filter(([written]) => written === key).map(([, value]) => value);
  }
}

/** A store with one guest pool in memory; other pools are empty. */
export class MemoryKvpStore implements KvpStore {
  readonly guest = new MemoryKvpPool();
  readonly #other = new MemoryKvpPool();

  pool(id: KvpPoolId): KvpPool {
    return id === KvpPoolId.Guest ? this.guest : this.#other;
  }
}

/** One scripted process result. */
export interface ScriptedExit {
  code: number;
  stdout?: string;
  stderr?: string;
  /** Thrown instead of a result, as when the program cannot be started. */
  error?: Error;
}

/** One recorded call of {@linkcode FakeProcesses.run}. */
export interface RecordedRun {
  command: string;
  env: Record<string, string>;
  /** The caller's `logFailure`; false when it logs a failed exit itself. */
  logFailure?: boolean;
}

/**
 * Processes whose results are scripted per shell command: each call takes the
 * next result of that command's queue, and an empty queue exits 0.
 */
export class FakeProcesses implements Processes {
  readonly calls: RecordedRun[] = [];
  readonly #scripts = new Map<string, ScriptedExit[]>();

  script(command: string, ...exits: ScriptedExit[]): this {
    this.#scripts.set(command, [...(this.#scripts.get(command) ?? []), ...exits]);
    return this;
  }

  run(command: ProcessCommand, options: RunOptions = {}): Promise<ProcessResult> {
    const text = command.kind === "shell"
      ? command.command
      : command.kind === "argv"
      ? command.argv.join(" ")
      : command.path;
    this.calls.push({ command: text, env: { ...options.env }, logFailure: options.logFailure });
    const next = this.#scripts.get(text)?.shift() ?? { code: 0 };
    if (next.error !== undefined) return Promise.reject(next.error);
    return Promise.resolve({
      code: next.code,
      stdout: next.stdout ?? "",
      stderr: next.stderr ?? "",
    });
  }

  /** Returns the commands run, in order. */
  commands(): string[] {
    return this.calls.map((call) => call.command);
  }
}

/** Creates a platform whose only working parts are processes, power (recorded) and boot. */
export function fakePlatform(processes: Processes = new FakeProcesses()): Platform & {
  reboots: string[];
} {
  const reboots: string[] = [];
  const unused = () => Promise.reject(new Error("not used by the stage runner tests"));
  return {
    reboots,
    processes,
    power: {
      reboot: (reason) => {
        reboots.push(reason);
        return Promise.resolve();
      },
      powerOff: unused,
      halt: unused,
    },
    boot: {
      readBootId: () => Promise.resolve("platform-boot"),
      readBootTime: () => Promise.resolve(new Date(Date.UTC(2026, 11, 4, 20, 0, 0))),
    },
    users: {
      resolveDefaultUser: unused,
      ensureGroup: unused,
      ensureUser: unused,
      setPassword: unused,
      expirePassword: unused,
      addAuthorizedKeys: unused,
    },
    hostname: { read: unused, set: unused, updateHostsFile: unused },
    files: { read: unused, write: unused, remove: unused, exists: unused },
    network: { apply: unused },
  };
}

/** Options of {@linkcode fakeModule}. */
export interface FakeModuleOptions {
  frequency?: Frequency;
  activatedBy?: string[];
  handle?: (context: ModuleContext) => Promise<ModuleOutcome>;
}

/** Creates a module that appends its name to `calls` and then runs `handle`, if given. */
export function fakeModule(
  name: string,
  stage: Stage,
  calls: string[],
  options: FakeModuleOptions = {},
): ProvisioningModule {
  return {
    name,
    stage,
    frequency: options.frequency ?? "per-instance",
    activatedBy: options.activatedBy ?? [],
    handle: (context) => {
      calls.push(name);
      return options.handle?.(context) ?? Promise.resolve({ status: "applied" });
    },
  };
}

/** Provisioning input for `instanceId` with `rawConfig` as the cloud-config. */
export function fakeInput(
  instanceId = "iid-1",
  rawConfig: Record<string, unknown> = {},
): ProvisioningInput {
  return {
    instance: { instanceId, metadata: { "instance-id": instanceId } },
    config: normalizeCloudConfig(rawConfig),
    rawConfig,
  };
}

/** Lists every file under `dir`, relative and sorted, with `/` separators. */
export async function listFiles(dir: string, prefix = ""): Promise<string[]> {
  const files: string[] = [];
  try {
    for await (const entry of Deno.readDir(dir)) {
      const relative = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
      if (entry.isDirectory) files.push(...await listFiles(`${dir}/${entry.name}`, relative));
      else files.push(relative);
    }
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  return files.sort();
}
