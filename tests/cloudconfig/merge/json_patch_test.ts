// `#cloud-config-jsonp` parts applied after one #cloud-config part. The
// expected results were checked against cloud-init 22.4.2's
// CloudConfigPartHandler with jsonpatch 1.32 (Debian bookworm).

import { CloudConfigMerger } from "../../../src/cloudconfig/merge/mod.ts";
import type { Problem } from "../../../src/cloudconfig/problem.ts";
import { loadYaml, originOf } from "../../../src/cloudconfig/yaml/mod.ts";
import { assertEquals, assertStringIncludes } from "../../_support/assert.ts";

function patch(base: Record<string, unknown>, text: string, warnings: Problem[] = []) {
  const merger = new CloudConfigMerger({ warnings });
  merger.add(base, { file: "base.yaml" });
  merger.addJsonPatch(text, { file: "patch.json" });
  return merger.result();
}

const APPLIED: Record<string, { base: Record<string, unknown>; patch: string; expected: unknown }> =
  {
    "add inserts into a list": {
      base: { a: [1, 2] },
      patch: '#cloud-config-jsonp\n[{"op": "add", "path": "/a/1", "value": 9}]',
      expected: { a: [1, 9, 2] },
    },
    "add appends with -": {
      base: { a: [1, 2] },
      patch: '[{"op": "add", "path": "/a/-", "value": 9}]',
      expected: { a: [1, 2, 9] },
    },
    "add sets a new key": {
      base: { a: [1, 2] },
      patch: '[{"op": "add", "path": "/b", "value": {"c": 1}}]',
      expected: { a: [1, 2], b: { c: 1 } },
    },
    "add unescapes ~1 and ~0": {
      base: { a: 1 },
      patch: '[{"op": "add", "path": "/~1~0", "value": 1}]',
      expected: { a: 1, "/~": 1 },
    },
    "remove deletes a list item": {
      base: { a: [1, 2] },
      patch: '[{"op": "remove", "path": "/a/0"}]',
      expected: { a: [2] },
    },
    "replace accepts a leading zero": {
      base: { a: [1, 2] },
      patch: '[{"op": "replace", "path": "/a/01", "value": 7}]',
      expected: { a: [1, 7] },
    },
    "move relocates a value": {
      base: { a: [1, 2], b: {} },
      patch: '[{"op": "move", "from": "/a", "path": "/b/a"}]',
      expected: { b: { a: [1, 2] } },
    },
    "copy duplicates a value": {
      base: { a: [1, 2] },
      patch: '[{"op": "copy", "from": "/a", "path": "/c"}]',
      expected: { a: [1, 2], c: [1, 2] },
    },
    "test treats true as 1": {
      base: { a: [true, "xy"] },
      patch:
        '[{"op": "test", "path": "/a/0", "value": 1}, {"op": "add", "path": "/ok", "value": 1}]',
      expected: { a: [true, "xy"], ok: 1 },
    },
    "test indexes into a string": {
      base: { a: [true, "xy"] },
      patch:
        '[{"op": "test", "path": "/a/1/1", "value": "y"}, {"op": "add", "path": "/ok", "value": 1}]',
      expected: { a: [true, "xy"], ok: 1 },
    },
    "an empty mapping changes nothing": {
      base: { a: 1 },
      patch: "{}",
      expected: { a: 1 },
    },
    "leading space before the prefix is ignored": {
      base: { a: 1 },
      patch: "  #cloud-config-jsonp\n[]",
      expected: { a: 1 },
    },
  };

for (const [name, { base, patch: text, expected }] of Object.entries(APPLIED)) {
  Deno.test(`addJsonPatch(): ${name}`, () => {
    const warnings: Problem[] = [];
    assertEquals(patch(base, text, warnings), expected);
    assertEquals(warnings, []);
  });
}

const REJECTED: Record<string, { base: Record<string, unknown>; patch: string; message: string }> =
  {
    "add past the end of a list": {
      base: { a: [1, 2] },
      patch: '[{"op": "add", "path": "/a/3", "value": 9}]',
      message: "cannot insert outside of the list",
    },
    "add below a missing key": {
      base: { a: [1, 2] },
      patch: '[{"op": "add", "path": "/b/c", "value": 1}]',
      message: 'member "b" not found',
    },
    "remove of a missing key": {
      base: { a: [1, 2] },
      patch: '[{"op": "remove", "path": "/b"}]',
      message: 'cannot remove "/b"',
    },
    "replace of a missing key": {
      base: { a: [1, 2] },
      patch: '[{"op": "replace", "path": "/b", "value": 7}]',
      message: 'cannot replace "/b"',
    },
    "move into its own child": {
      base: { a: { x: 1 } },
      patch: '[{"op": "move", "from": "/a", "path": "/a/x/y"}]',
      message: "into its own child",
    },
    "failed test": {
      base: { a: [true, "xy"] },
      patch: '[{"op": "test", "path": "/a/0", "value": false}]',
      message: 'the test of "/a/0" failed',
    },
    "unknown operation after a valid one": {
      base: { a: 1 },
      patch: '[{"op": "add", "path": "/b", "value": 1}, {"op": "bogus", "path": "/c"}]',
      message: 'unknown operation "bogus"',
    },
    "path without a leading slash": {
      base: { a: 1 },
      patch: '[{"op": "add", "path": "b", "value": 1}]',
      message: 'does not start with "/"',
    },
    "invalid escape": {
      base: { a: 1 },
      patch: '[{"op": "add", "path": "/~2", "value": 1}]',
      message: "invalid escape",
    },
    "add without a value": {
      base: { a: 1 },
      patch: '[{"op": "add", "path": "/b"}]',
      message: 'has no "value" member',
    },
    "text that is not JSON": {
      base: { a: 1 },
      patch: "[1",
      message: "is not valid JSON",
    },
  };

for (const [name, { base, patch: text, message }] of Object.entries(REJECTED)) {
  Deno.test(`addJsonPatch() skips ${name}`, () => {
    const warnings: Problem[] = [];
    assertEquals(patch(base, text, warnings), base);
    assertEquals(warnings.length, 1);
    assertEquals(warnings[0].code, "merge-part-skipped");
    assertEquals(warnings[0].file, "patch.json");
    assertStringIncludes(warnings[0].message, message);
  });
}

Deno.test("addJsonPatch() root replacement empties the config", () => {
  // cloud-init stores the list and later reads the config as empty.
  const warnings: Problem[] = [];
  const merged = patch({ a: 1 }, '[{"op": "replace", "path": "", "value": [1]}]', warnings);

  assertEquals(merged, {});
  assertEquals(warnings.map((warning) => warning.code), ["merge-config-not-mapping"]);
});

Deno.test("addJsonPatch() leaves earlier results unchanged", () => {
  const merger = new CloudConfigMerger();
  merger.add({ a: [1, 2] });
  const before = merger.result();
  merger.addJsonPatch('[{"op": "add", "path": "/a/-", "value": 3}]');

  assertEquals(before, { a: [1, 2] });
  assertEquals(merger.result(), { a: [1, 2, 3] });
});

Deno.test("addJsonPatch() keeps aliases shared", () => {
  // PyYAML gives both keys the same list, and deepcopy keeps them shared.
  const document = loadYaml("a: &shared [1]\nb: *shared\n") as Record<string, unknown>;
  const merger = new CloudConfigMerger();
  merger.add(document);
  merger.addJsonPatch('[{"op": "add", "path": "/a/-", "value": 2}]');

  assertEquals(merger.result(), { a: [1, 2], b: [1, 2] });
  assertEquals(document, { a: [1], b: [1] });
});

Deno.test("addJsonPatch() keeps origins of untouched values", () => {
  const document = loadYaml("#cloud-config\nruncmd:\n  - a\n", { file: "base.yaml" });
  const merger = new CloudConfigMerger();
  merger.add(document as Record<string, unknown>);
  merger.addJsonPatch('[{"op": "add", "path": "/runcmd/-", "value": "b"}]');
  const runcmd = merger.result().runcmd as unknown[];

  assertEquals(runcmd, ["a", "b"]);
  assertEquals(originOf(runcmd, 0)?.line, 3);
  assertEquals(originOf(runcmd, 1), undefined);
});
