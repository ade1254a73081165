import { assert, assertEquals, assertStringIncludes } from "../_support/assert.ts";
import { KVP_MAX_VALUE_BYTES } from "../../src/kvp/pool.ts";
import {
  KVP_MAX_VALUE_UNITS,
  readKvpPayload,
  splitForKvp,
  staleKvpPayloadKeys,
} from "../../src/datasources/kvp_payload.ts";

const KEY = "eryph:provisioning:user-data";

async function roundTrip(bytes: Uint8Array) {
  const values = await splitForKvp("user-data", bytes);
  return { values, read: await readKvpPayload(new Map(Object.entries(values)), "user-data") };
}

Deno.test("splitForKvp() stores short text in one key", async () => {
  const bytes = new TextEncoder().encode("#cloud-config\nhostname: a\n");
  const { values, read } = await roundTrip(bytes);

  assertEquals(Object.keys(values).sort(), [KEY, `${KEY}.length`, `${KEY}.sha256`]);
  assertEquals(values[KEY], "#cloud-config\nhostname: a\n");
  assertEquals(values[`${KEY}.length`], String(bytes.length));
  assertEquals(read, { state: "complete", bytes });
});

Deno.test("splitForKvp() splits long multi-byte text within both limits", async () => {
  const text = "#cloud-config\n# " + "äöü€𝄞".repeat(2000) + "\n";
  const bytes = new TextEncoder().encode(text);
  const { values, read } = await roundTrip(bytes);

  const chunks = Number(values[`${KEY}.chunks`]);
  assert(chunks > 1);
  for (let index = 0; index < chunks; index++) {
    const chunk = values[`${KEY}.${index}`];
    assert(chunk.length <= KVP_MAX_VALUE_UNITS, `chunk ${index} has ${chunk.length} units`);
    assert(new TextEncoder().encode(chunk).length <= KVP_MAX_VALUE_BYTES);
  }
  assertEquals(values[`${KEY}.encoding`], undefined);
  assertEquals(read, { state: "complete", bytes });
});

Deno.test("splitForKvp() base64-encodes binary payloads", async () => {
  const bytes = new Uint8Array(5000).map((_, index) => (index * 7) % 256);
  bytes.set([0x1f, 0x8b], 0);
  const { values, read } = await roundTrip(bytes);

  assertEquals(values[`${KEY}.encoding`], "base64");
  assertEquals(values[`${KEY}.chunks`], "7");
  assertEquals(read, { state: "complete", bytes });
});

Deno.test("splitForKvp() stores an empty payload", async () => {
  const { values, read } = await roundTrip(new Uint8Array());

  assertEquals(values[KEY], "");
  assertEquals(read, { state: "complete", bytes: new Uint8Array() });
});

Deno.test("readKvpPayload() reports absent keys", async () => {
  assertEquals(await readKvpPayload(new Map([["other", "x"]]), "user-data"), { state: "absent" });
});

Deno.test("readKvpPayload() accepts a hand-written single key", async () => {
  const read = await readKvpPayload(new Map([[KEY, "#!/bin/sh\n"]]), "user-data");

  assertEquals(read, { state: "complete", bytes: new TextEncoder().encode("#!/bin/sh\n") });
});

Deno.test("readKvpPayload() reports missing and altered chunks as incomplete", async () => {
  const values = await splitForKvp("user-data", new TextEncoder().encode("x".repeat(3000)));
  const cases: [string, (entries: Map<string, string>) => void, string][] = [
    ["missing chunk", (entries) => entries.delete(`${KEY}.2`), `${KEY}.2 is missing`],
    ["missing count", (entries) => entries.delete(`${KEY}.chunks`), "no eryph"],
    ["missing hash", (entries) => entries.delete(`${KEY}.sha256`), ".sha256 is missing"],
    ["short length", (entries) => entries.set(`${KEY}.length`, "10"), "bytes but"],
    ["bad hash", (entries) => entries.set(`${KEY}.sha256`, "00".repeat(32)), "does not match"],
  ];
  for (const [label, change, reason] of cases) {
    const entries = new Map(Object.entries(values));
    change(entries);
    const read = await readKvpPayload(entries, "user-data");
    assert(read.state === "incomplete", `${label}: ${JSON.stringify(read)}`);
    assertStringIncludes(read.reason, reason, label);
  }
});

Deno.test("staleKvpPayloadKeys() lists leftover parts of a longer payload", async () => {
  const before = await splitForKvp("user-data", new TextEncoder().encode("z".repeat(4000)));
  const after = await splitForKvp("user-data", new TextEncoder().encode("short"));
  const existing = [...Object.keys(before), "eryph:provisioning:meta-data", "other"];

  assertEquals(staleKvpPayloadKeys(existing, after, "user-data").sort(), [
    `${KEY}.0`,
    `${KEY}.1`,
    `${KEY}.2`,
    `${KEY}.3`,
    `${KEY}.chunks`,
  ]);
});
