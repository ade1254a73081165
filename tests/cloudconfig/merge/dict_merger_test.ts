// Every expected value below was checked against cloud-init 22.4.2's own
// mergers (mergers.construct(...).merge(value, mergeWith)).

import { assertEquals } from "../../_support/assert.ts";
import { type MergeCase, mergeWith } from "./_merge_with.ts";

const CASES: Record<string, MergeCase> = {
  "replace lets later values win": {
    directive: "dict(replace)",
    value: { a: 1, b: [1] },
    mergeWith: { b: [2], c: 3 },
    expected: { a: 1, b: [2], c: 3 },
  },
  "replace swaps nested mappings whole": {
    directive: "dict(replace)",
    value: { a: { x: 1 } },
    mergeWith: { a: { y: 3 } },
    expected: { a: { y: 3 } },
  },
  "no_replace keeps earlier values and adds new keys": {
    directive: "dict(no_replace)",
    value: { a: 1, b: [1] },
    mergeWith: { a: 2, b: [2], c: 3 },
    expected: { a: 1, b: [1], c: 3 },
  },
  "no options mean no_replace": {
    directive: "dict()",
    value: { a: 1, b: [1] },
    mergeWith: { a: 2, b: [2], c: 3 },
    expected: { a: 1, b: [1], c: 3 },
  },
  "replace wins over no_replace": {
    directive: "dict(no_replace,replace)",
    value: { a: 1 },
    mergeWith: { a: 2 },
    expected: { a: 2 },
  },
  "no_replace always merges nested mappings": {
    directive: "dict(no_replace)",
    value: { a: { x: 1 } },
    mergeWith: { a: { x: 2, y: 3 } },
    expected: { a: { x: 1, y: 3 } },
  },
  "recurse_dict changes nothing": {
    directive: "dict(recurse_dict)",
    value: { a: 1, b: { x: 1 } },
    mergeWith: { a: 2, b: { y: 2 } },
    expected: { a: 1, b: { x: 1, y: 2 } },
  },
  "recurse_list hands lists to the list merger": {
    directive: "dict(recurse_list)+list(append)",
    value: { a: [1] },
    mergeWith: { a: [2] },
    expected: { a: [1, 2] },
  },
  "recurse_array is recurse_list": {
    directive: "dict(recurse_array)+list(append)",
    value: { a: [1] },
    mergeWith: { a: [2] },
    expected: { a: [1, 2] },
  },
  "lists stay without recurse_list": {
    directive: "dict(no_replace)+list(append)",
    value: { a: [1] },
    mergeWith: { a: [2] },
    expected: { a: [1] },
  },
  "recurse_str hands strings to the str merger": {
    directive: "dict(recurse_str)+str(append)",
    value: { a: "x" },
    mergeWith: { a: "y" },
    expected: { a: "xy" },
  },
  "strings stay without recurse_str": {
    directive: "dict(no_replace)+str(append)",
    value: { a: "x" },
    mergeWith: { a: "y" },
    expected: { a: "x" },
  },
  "allow_delete removes a key set to null": {
    directive: "dict(allow_delete)",
    value: { a: 1, b: 2 },
    mergeWith: { a: null },
    expected: { b: 2 },
  },
  "allow_delete adds a null for a new key": {
    directive: "dict(allow_delete)",
    value: {},
    mergeWith: { a: null },
    expected: { a: null },
  },
  "allow_delete also deletes under replace": {
    directive: "dict(allow_delete,replace)",
    value: { a: 1 },
    mergeWith: { a: null },
    expected: {},
  },
  "null is ignored without allow_delete": {
    directive: "dict()",
    value: { a: 1 },
    mergeWith: { a: null },
    expected: { a: 1 },
  },
  "replace stores a later null": {
    directive: "dict(replace)",
    value: { a: 1 },
    mergeWith: { a: null },
    expected: { a: null },
  },
  "earlier mapping ignores a later list": {
    directive: "dict(recurse_list)+list()",
    value: { a: { x: 1 } },
    mergeWith: { a: [1] },
    expected: { a: { x: 1 } },
  },
  "earlier null ignores a later list": {
    directive: "dict(recurse_list)+list()",
    value: { a: null },
    mergeWith: { a: [1] },
    expected: { a: null },
  },
  "earlier number ignores a later list": {
    directive: "dict(recurse_list)+list()",
    value: { a: 1 },
    mergeWith: { a: [2] },
    expected: { a: 1 },
  },
  "earlier null ignores a later string": {
    directive: "dict(recurse_str)+str(append)",
    value: { a: null },
    mergeWith: { a: "y" },
    expected: { a: null },
  },
  "later string replaces an earlier list": {
    directive: "dict(recurse_str)+list()",
    value: { a: [1] },
    mergeWith: { a: "s" },
    expected: { a: "s" },
  },
  "later list replaces an earlier string": {
    directive: "dict(recurse_list)+str()",
    value: { a: "s" },
    mergeWith: { a: [1] },
    expected: { a: [1] },
  },
};

for (const [name, { directive, value, mergeWith: later, expected }] of Object.entries(CASES)) {
  Deno.test(`dict merger: ${name}`, () => {
    assertEquals(mergeWith(directive, value, later), expected, directive);
  });
}

Deno.test("dict merger leaves both inputs unchanged", () => {
  const value = { a: { x: 1 }, b: [1] };
  const later = { a: { y: 2 }, b: [2], c: 3 };
  mergeWith("dict(recurse_list)+list(append)", value, later);
  assertEquals(value, { a: { x: 1 }, b: [1] });
  assertEquals(later, { a: { y: 2 }, b: [2], c: 3 });
});

Deno.test("dict merger keeps __proto__ as an ordinary key", () => {
  const later = JSON.parse('{"__proto__": {"polluted": true}}');
  const merged = mergeWith("dict()", {}, later) as Record<string, unknown>;
  assertEquals(Object.keys(merged), ["__proto__"]);
  assertEquals(Object.getPrototypeOf(merged), Object.prototype);
  assertEquals(({} as Record<string, unknown>).polluted, undefined);
});
