import { assertEquals, assertStringIncludes } from "../_support/assert.ts";
import {
  embedJsonValues,
  formatGroupedData,
  readGroupedData,
} from "../../src/tool/commands/get_data.ts";
import { parseVmTarget } from "../../src/tool/vm_target.ts";
import { FakeHostKvp } from "./_fake_host_kvp.ts";

const TARGET = parseVmTarget("6f1c2e4a-93b1-4c53-9c5e-1d2f3a4b5c6d");

Deno.test("readGroupedData() returns the four groups", async () => {
  const kvp = new FakeHostKvp({
    guest: { "eryph:guest-services:status": "available" },
    guest_intrinsic: { OSName: "Debian" },
    external: { "eryph:guest-services:shell": "/bin/sh" },
    host_only: { note: "x" },
  });
  const data = await readGroupedData(kvp, TARGET);
  assertEquals(data, {
    guest: { "eryph:guest-services:status": "available" },
    guest_intrinsic: { OSName: "Debian" },
    external: { "eryph:guest-services:shell": "/bin/sh" },
    host_only: { note: "x" },
  });
});

Deno.test("embedJsonValues() embeds JSON objects and keeps other values", () => {
  const result = embedJsonValues(
    new Map([
      ["b", '{"name":"init-local","type":"start"}'],
      ["a", "{not json"],
      ["c", "[1,2]"],
    ]),
  );
  assertEquals(Object.keys(result), ["a", "b", "c"]);
  assertEquals(result.b, { name: "init-local", type: "start" });
  assertEquals(result.a, "{not json");
  assertEquals(result.c, "[1,2]");
});

Deno.test("embedJsonValues() shows user-data payloads by size only", () => {
  const result = embedJsonValues(
    new Map([
      ["eryph:provisioning:user-data", "#cloud-config\npassword: secret\n"],
      ["eryph:provisioning:user-data.0", "chunk"],
      ["eryph:provisioning:user-data.length", "31"],
    ]),
  );
  assertEquals(result["eryph:provisioning:user-data"], "<31 bytes not shown>");
  assertEquals(result["eryph:provisioning:user-data.0"], "<5 bytes not shown>");
  assertEquals(result["eryph:provisioning:user-data.length"], "31");
});

Deno.test("formatGroupedData() prints indented JSON and text sections", async () => {
  const kvp = new FakeHostKvp({ guest: { "k": '{"a":1}' } });
  const data = await readGroupedData(kvp, TARGET);
  const json = formatGroupedData(data, "json");
  assertEquals(JSON.parse(json).guest.k, { a: 1 });
  assertStringIncludes(json, '\n  "guest": {');
  const text = formatGroupedData(data, "text");
  assertStringIncludes(text, '[guest]\nk = {"a":1}');
  assertStringIncludes(text, "[host_only]");
});
