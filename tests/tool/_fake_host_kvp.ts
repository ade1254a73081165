/** An in-memory HostKvp that records every external update, for command tests. */

import type { HostKvp, KvpGroup } from "../../src/kvp/host/host_kvp.ts";

/** In-memory groups of one VM plus the list of updates made. */
export class FakeHostKvp implements HostKvp {
  readonly groups: Record<KvpGroup, Map<string, string>> = {
    guest: new Map(),
    guest_intrinsic: new Map(),
    external: new Map(),
    host_only: new Map(),
  };
  readonly updates: Record<string, string | null>[] = [];

  constructor(initial: Partial<Record<KvpGroup, Record<string, string>>> = {}) {
    for (const [group, entries] of Object.entries(initial)) {
      this.groups[group as KvpGroup] = new Map(Object.entries(entries ?? {}));
    }
  }

  read(_vmId: string, group: KvpGroup): Promise<Map<string, string>> {
    return Promise.resolve(new Map(this.groups[group]));
  }

  updateExternal(_vmId: string, changes: Record<string, string | null>): Promise<void> {
    this.updates.push(changes);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) this.groups.external.delete(key);
      else this.groups.external.set(key, value);
    }
    return Promise.resolve();
  }
}

/** Runs `fn` with console.log captured, and returns what it printed. */
export async function captureOutput(fn: () => Promise<void>): Promise<string> {
  const original = console.log;
  const lines: string[] = [];
  console.log = (...parts: unknown[]) => lines.push(parts.map(String).join(" "));
  try {
    await fn();
  } finally {
    console.log = original;
  }
  return lines.join("\n");
}
