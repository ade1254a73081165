/**
 * A recording platform and a module context for the module tests: files in
 * memory with their modes and owners, users and groups as call records, a
 * host name, scripted processes, recorded power actions, and captured logs.
 */

import { normalizeCloudConfig } from "../../src/cloudconfig/validate.ts";
import type {
  TypedGroup,
  TypedPasswordEntry,
  TypedUser,
} from "../../src/cloudconfig/schema/typed_cloud_config.ts";
import { getLogger, setupLogging } from "../../src/log/logging.ts";
import type { Files, Platform, PowerOptions, WriteOptions } from "../../src/platform/types.ts";
import { EntryRunner } from "../../src/provisioning/entry_runner.ts";
import type { ModuleContext, ProvisioningModule } from "../../src/provisioning/module.ts";
import { defaultSettings } from "../../src/settings/settings.ts";
import type { Boothook, Script } from "../../src/userdata/types.ts";
import { FakeProcesses } from "../provisioning/_fakes.ts";

export { FakeProcesses };

/** One file of {@linkcode MemoryFiles}. */
export interface MemoryFile {
  data: Uint8Array;
  mode?: number;
  owner?: string;
}

/** Files kept in a Map by target path. */
export class MemoryFiles implements Files {
  readonly files = new Map<string, MemoryFile>();

  read(path: string): Promise<Uint8Array | undefined> {
    return Promise.resolve(this.files.get(path)?.data);
  }

  write(path: string, data: Uint8Array, options: WriteOptions = {}): Promise<void> {
    const previous = this.files.get(path)?.data;
    const content = options.append && previous !== undefined
      ? new Uint8Array([...previous, ...data])
      : data;
    this.files.set(path, { data: content, mode: options.mode, owner: options.owner });
    return Promise.resolve();
  }

  remove(path: string): Promise<void> {
    this.files.delete(path);
    return Promise.resolve();
  }

  exists(path: string): Promise<boolean> {
    return Promise.resolve(this.files.has(path));
  }

  /** Returns the file's content as text, or undefined when it does not exist. */
  text(path: string): string | undefined {
    const file = this.files.get(path);
    return file === undefined ? undefined : new TextDecoder().decode(file.data);
  }
}

/** Users whose calls are recorded; `failUsers` names users whose creation throws. */
export class RecordingUsers {
  readonly calls: string[] = [];
  readonly users: TypedUser[] = [];
  readonly passwords: TypedPasswordEntry[] = [];
  readonly expired: string[] = [];
  readonly keys = new Map<string, string[]>();
  readonly failUsers = new Set<string>();
  defaultName = "admin";

  resolveDefaultUser(overrides: TypedUser): Promise<TypedUser> {
    const groups = overrides.groups.length > 0 ? overrides.groups : ["adm", "sudo"];
    const name = overrides.name === "default" ? this.defaultName : overrides.name;
    return Promise.resolve({ ...overrides, name, groups });
  }

  ensureGroup(group: TypedGroup): Promise<void> {
    this.calls.push(`group ${group.name} [${group.members.join(",")}]`);
    return Promise.resolve();
  }

  ensureUser(user: TypedUser): Promise<boolean> {
    if (this.failUsers.has(user.name)) return Promise.reject(new Error("useradd exited with 9"));
    this.calls.push(`user ${user.name} [${user.groups.join(",")}]`);
    this.users.push(user);
    return Promise.resolve(true);
  }

  setPassword(entry: TypedPasswordEntry): Promise<string | undefined> {
    this.passwords.push(entry);
    return Promise.resolve(entry.kind === "random" ? "Generated-Random-Secret" : undefined);
  }

  expirePassword(name: string): Promise<void> {
    this.expired.push(name);
    return Promise.resolve();
  }

  addAuthorizedKeys(name: string, keys: string[]): Promise<void> {
    this.calls.push(`keys ${name}`);
    this.keys.set(name, [...(this.keys.get(name) ?? []), ...keys]);
    return Promise.resolve();
  }
}

/** A host name that records `set` and hosts-file calls. */
export class RecordingHostname {
  current = { hostname: "localhost" } as { hostname: string; fqdn?: string };
  readonly sets: string[] = [];
  readonly hostsFile: string[] = [];
  needsReboot = false;

  read() {
    return Promise.resolve(this.current);
  }

  set(hostname: string, fqdn?: string): Promise<boolean> {
    this.sets.push(fqdn === undefined ? hostname : `${hostname} ${fqdn}`);
    this.current = { hostname, fqdn };
    return Promise.resolve(this.needsReboot);
  }

  updateHostsFile(hostname: string, fqdn?: string): Promise<void> {
    this.hostsFile.push(fqdn === undefined ? hostname : `${hostname} ${fqdn}`);
    return Promise.resolve();
  }
}

/** The recording platform and its parts, typed for assertions. */
export interface RecordingPlatform extends Platform {
  files: MemoryFiles;
  users: RecordingUsers;
  hostname: RecordingHostname;
  processes: FakeProcesses;
  powerActions: string[];
}

/** Creates a platform whose every part records what the modules do. */
export function recordingPlatform(): RecordingPlatform {
  const powerActions: string[] = [];
  const power = (action: string) => (reason: string, options: PowerOptions = {}) => {
    const delay = options.delayMinutes ?? 0;
    powerActions.push(`${action}${delay > 0 ? ` in ${delay} minutes` : ""}: ${reason}`);
    return Promise.resolve();
  };
  return {
    files: new MemoryFiles(),
    users: new RecordingUsers(),
    hostname: new RecordingHostname(),
    processes: new FakeProcesses(),
    powerActions,
    power: { reboot: power("reboot"), powerOff: power("poweroff"), halt: power("halt") },
    network: { apply: () => Promise.resolve(false) },
    boot: {
      readBootId: () => Promise.resolve("boot-1"),
      readBootTime: () => Promise.resolve(undefined),
    },
  };
}

/** Options of {@linkcode createTestContext}. */
export interface TestContextOptions {
  /** Top-level keys left out of the typed config, for raw values the schema rejects. */
  untyped?: string[];
  scripts?: Script[];
  boothooks?: Boothook[];
  metadata?: Record<string, unknown>;
  hostIsolated?: boolean;
  platform?: RecordingPlatform;
}

/** A module context over a recording platform, with the log lines it produced. */
export interface TestContext extends AsyncDisposable {
  context: ModuleContext;
  platform: RecordingPlatform;
  /** Log lines (JSON) written while the context was alive. */
  logs: string[];
  /** Runs `module` with this context. */
  run(module: ProvisioningModule): ReturnType<ProvisioningModule["handle"]>;
}

/** Creates a context for `rawConfig` with an entry runner over a temporary progress file. */
export async function createTestContext(
  rawConfig: Record<string, unknown>,
  options: TestContextOptions = {},
): Promise<TestContext> {
  const logs: string[] = [];
  setupLogging({ level: "debug", format: "json", write: (line) => logs.push(line) });
  const dir = await Deno.makeTempDir({ prefix: "egs-modules-" });
  const platform = options.platform ?? recordingPlatform();
  const typedInput = Object.fromEntries(
    Object.entries(rawConfig).filter(([key]) => !(options.untyped ?? []).includes(key)),
  );
  const log = getLogger("test", "module");
  const instanceId = "iid-test";

  const context: ModuleContext = {
    config: normalizeCloudConfig(typedInput),
    rawConfig,
    scripts: options.scripts ?? [],
    boothooks: options.boothooks ?? [],
    instance: {
      instanceId,
      metadata: { "instance-id": instanceId, ...options.metadata },
    },
    platform,
    settings: defaultSettings(),
    log,
    hostIsolated: options.hostIsolated ?? true,
    entries: new EntryRunner({
      processes: platform.processes,
      progressPath: `${dir}/entries/module.json`,
      maxRebootsPerEntry: 10,
      allowLimitOverride: true,
      log,
    }),
    requestReboot: (reason, after = "continue") => ({
      status: "reboot",
      reboot: { reason, after },
    }),
  };

  return {
    context,
    platform,
    logs,
    run: (module) => module.handle(context),
    async [Symbol.asyncDispose]() {
      setupLogging({ level: "error", format: "json", write: () => {} });
      await Deno.remove(dir, { recursive: true });
    },
  };
}

const encoder = new TextEncoder();

/** Creates a user script part for the scripts modules. */
export function script(name: string, body: string, overrides: Partial<Script> = {}): Script {
  return {
    name,
    content: encoder.encode(body),
    interpreter: "direct",
    frequency: "per-instance",
    contentType: "text/x-shellscript",
    source: "user",
    ...overrides,
  };
}
