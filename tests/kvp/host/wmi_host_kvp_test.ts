import { assertEquals, assertRejects, assertStringIncludes } from "../../_support/assert.ts";
import { UsageError } from "../../../src/errors.ts";
import { buildKvpItemXml, KvpItemSource } from "../../../src/kvp/host/kvp_item_xml.ts";
import type { PowerShellRunner } from "../../../src/kvp/host/powershell_runner.ts";
import { planKvpCalls, WmiHostKvp } from "../../../src/kvp/host/wmi_host_kvp.ts";
import { MODIFY_ITEMS_SCRIPT, READ_ITEMS_SCRIPT } from "../../../src/kvp/host/wmi_scripts.ts";

const VM = "6f1c2e4a-93b1-4c53-9c5e-1d2f3a4b5c6d";

/** Records every run and returns outputs from a queue. */
class RecordingRunner implements PowerShellRunner {
  readonly runs: { script: string; input: unknown }[] = [];
  constructor(private readonly outputs: unknown[]) {}
  run(script: string, input: unknown): Promise<unknown> {
    this.runs.push({ script, input });
    return Promise.resolve(this.outputs.shift() ?? null);
  }
}

function item(name: string, data: string): string {
  return buildKvpItemXml(name, data, KvpItemSource.Guest);
}

Deno.test("WmiHostKvp.read() passes the VM id and group as data", async () => {
  const runner = new RecordingRunner([{ items: [item("a", "1"), item("b", "2")] }]);
  const entries = await new WmiHostKvp(runner).read(`{${VM}}`, "guest");
  assertEquals(entries, new Map([["a", "1"], ["b", "2"]]));
  assertEquals(runner.runs[0].script, READ_ITEMS_SCRIPT);
  assertEquals(runner.runs[0].input, { vmId: VM.toUpperCase(), group: "guest" });
  assertEquals(READ_ITEMS_SCRIPT.includes(VM), false);
});

Deno.test("WmiHostKvp.read() accepts a single item and no items", async () => {
  const runner = new RecordingRunner([{ items: item("a", "1") }, { items: null }, null]);
  const kvp = new WmiHostKvp(runner);
  assertEquals(await kvp.read(VM, "external"), new Map([["a", "1"]]));
  assertEquals(await kvp.read(VM, "external"), new Map());
  assertEquals(await kvp.read(VM, "host_only"), new Map());
});

Deno.test("WmiHostKvp rejects a non-GUID VM id", async () => {
  const runner = new RecordingRunner([]);
  await assertRejects(
    () => new WmiHostKvp(runner).read("x' OR Name LIKE '%", "guest"),
    UsageError,
    "GUID",
  );
  assertEquals(runner.runs, []);
});

Deno.test("WmiHostKvp.updateExternal() plans add, modify and remove", async () => {
  const runner = new RecordingRunner([{ items: [item("old", "1"), item("gone", "2")] }, {}]);
  await new WmiHostKvp(runner).updateExternal(VM, { old: "3", gone: null, new: "4", absent: null });
  assertEquals(runner.runs.length, 2);
  assertEquals(runner.runs[1].script, MODIFY_ITEMS_SCRIPT);
  const input = runner.runs[1].input as { vmId: string; calls: { method: string }[] };
  assertEquals(input.vmId, VM.toUpperCase());
  assertEquals(input.calls.map((call) => call.method), [
    "RemoveKvpItems",
    "ModifyKvpItems",
    "AddKvpItems",
  ]);
});

Deno.test("WmiHostKvp.updateExternal() checks the host-side limits first", async () => {
  const runner = new RecordingRunner([]);
  await assertRejects(
    () => new WmiHostKvp(runner).updateExternal(VM, { k: "x".repeat(1024) }),
    RangeError,
    '"k"',
  );
  assertEquals(runner.runs, []);
});

Deno.test("planKvpCalls() sends removals with empty data and host-external source", () => {
  const calls = planKvpCalls(new Map([["k", "v"]]), { k: null });
  assertEquals(calls, [{
    method: "RemoveKvpItems",
    items: [buildKvpItemXml("k", "", KvpItemSource.HostExternal)],
  }]);
  assertEquals(planKvpCalls(new Map(), { missing: null }), []);
});

Deno.test("MODIFY_ITEMS_SCRIPT fails on job states outside 2 to 7", () => {
  assertStringIncludes(MODIFY_ITEMS_SCRIPT, "if ($state -eq 7)");
  assertStringIncludes(MODIFY_ITEMS_SCRIPT, "if ($state -lt 2 -or $state -gt 6)");
  assertStringIncludes(MODIFY_ITEMS_SCRIPT, "AddSeconds(60)");
});
