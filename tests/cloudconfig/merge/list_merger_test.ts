// Every expected value below was checked against cloud-init 22.4.2's own
// mergers (mergers.construct(...).merge(value, mergeWith)).

import { MergeError } from "../../../src/cloudconfig/merge/mod.ts";
import { assertEquals, assertThrows } from "../../_support/assert.ts";
import { type MergeCase, mergeWith } from "./_merge_with.ts";

const CASES: Record<string, MergeCase> = {
  "append adds later items at the end": {
    directive: "dict(recurse_list)+list(append)",
    value: { a: [1] },
    mergeWith: { a: [2] },
    expected: { a: [1, 2] },
  },
  "prepend adds later items at the start": {
    directive: "dict(recurse_list)+list(prepend)",
    value: { a: [1] },
    mergeWith: { a: [2, 3] },
    expected: { a: [2, 3, 1] },
  },
  "append wins over prepend": {
    directive: "dict(recurse_list)+list(prepend,append)",
    value: { a: [1] },
    mergeWith: { a: [2, 3] },
    expected: { a: [1, 2, 3] },
  },
  "replace swaps items index by index": {
    directive: "dict(recurse_list)+list()",
    value: { a: [1, 2, 3] },
    mergeWith: { a: [9] },
    expected: { a: [9, 2, 3] },
  },
  "replace drops later items past the end": {
    directive: "dict(recurse_list)+list(replace)",
    value: { a: [1] },
    mergeWith: { a: [8, 9] },
    expected: { a: [8] },
  },
  "replace returns a later non-list": {
    directive: "dict()+list()",
    value: { a: [1] },
    mergeWith: { a: { k: 1 } },
    expected: { a: { k: 1 } },
  },
  "no_replace keeps every earlier item": {
    directive: "dict(recurse_list)+list(no_replace)",
    value: { a: [1] },
    mergeWith: { a: [8, 9] },
    expected: { a: [1] },
  },
  "replace wins over no_replace": {
    directive: "dict(recurse_list)+list(no_replace,replace)",
    value: { a: [1] },
    mergeWith: { a: [8, 9] },
    expected: { a: [8] },
  },
  "recurse_list merges nested lists by index": {
    directive: "dict(recurse_list)+list(recurse_list)",
    value: { a: [[1, 2], "x"] },
    mergeWith: { a: [[9], "y"] },
    expected: { a: [[9, 2], "y"] },
  },
  "recurse_str merges strings by index": {
    directive: "dict(recurse_list)+list(recurse_str)+str(append)",
    value: { a: ["x", 1] },
    mergeWith: { a: ["y", 2] },
    expected: { a: ["xy", 2] },
  },
  "recurse_dict merges mappings by index": {
    directive: "dict(recurse_list)+list(recurse_dict)",
    value: { a: [{ k: 1, j: 1 }] },
    mergeWith: { a: [{ k: 2 }] },
    expected: { a: [{ k: 1, j: 1 }] },
  },
  "mappings by index are replaced without recurse_dict": {
    directive: "dict(recurse_list)+list()",
    value: { a: [{ k: 1, j: 1 }] },
    mergeWith: { a: [{ k: 2 }] },
    expected: { a: [{ k: 2 }] },
  },
  "recurse_dict keeps an earlier number": {
    directive: "dict(recurse_list)+list(recurse_dict)",
    value: { a: [1] },
    mergeWith: { a: [{ k: 2 }] },
    expected: { a: [1] },
  },
  "append joins nested lists whole": {
    directive: "dict(recurse_list)+list(recurse_list,append)",
    value: { a: [[1]] },
    mergeWith: { a: [[2]] },
    expected: { a: [[1], [2]] },
  },
  "append adds the characters of a string": {
    directive: "dict(recurse_str)+list(append)",
    value: { a: [1] },
    mergeWith: { a: "h\u00e9\u{1F600}" },
    expected: { a: [1, "h", "\u00e9", "\u{1F600}"] },
  },
  "prepend adds the characters of a string": {
    directive: "dict(recurse_str)+list(prepend)",
    value: { a: [1] },
    mergeWith: { a: "xy" },
    expected: { a: ["x", "y", 1] },
  },
  "append adds the keys of a mapping": {
    directive: "dict()+list(append)",
    value: { a: [1] },
    mergeWith: { a: { k: 1, j: 2 } },
    expected: { a: [1, "k", "j"] },
  },
  "no_replace ignores a later string": {
    directive: "dict(recurse_str)+list(no_replace)",
    value: { a: [1, 2] },
    mergeWith: { a: "x" },
    expected: { a: [1, 2] },
  },
  "no_replace keeps an empty list": {
    directive: "dict()+list(no_replace)",
    value: { a: [] },
    mergeWith: { a: { k: 1 } },
    expected: { a: [] },
  },
  "the first list merger listed wins": {
    directive: "list()+dict(recurse_list)+list(append)",
    value: { a: [1] },
    mergeWith: { a: [2] },
    expected: { a: [2] },
  },
  "the m_ prefix names the same merger": {
    directive: "dict(recurse_list)+m_list(append)",
    value: { a: [1] },
    mergeWith: { a: [2] },
    expected: { a: [1, 2] },
  },
  "recurse_list without a list merger keeps the earlier list": {
    directive: "dict(recurse_list)",
    value: { a: [1] },
    mergeWith: { a: [2] },
    expected: { a: [1] },
  },
};

for (const [name, { directive, value, mergeWith: later, expected }] of Object.entries(CASES)) {
  Deno.test(`list merger: ${name}`, () => {
    assertEquals(mergeWith(directive, value, later), expected, directive);
  });
}

Deno.test("list merger: no_replace rejects a mapping to index", () => {
  // cloud-init raises KeyError: 0 here and leaves the part out.
  const error = assertThrows(
    () => mergeWith("dict()+list(no_replace)", { a: [1] }, { a: { k: 1 } }),
    MergeError,
    "Cannot merge the list at a index by index with a mapping",
  );
  assertEquals(error.hint.includes("list(append)"), true);
});

Deno.test("list merger leaves both inputs unchanged", () => {
  const value = [[1], "x"];
  const later = [[2], "y", 3];
  mergeWith("list(recurse_list,recurse_str)+str(append)", value, later);
  assertEquals(value, [[1], "x"]);
  assertEquals(later, [[2], "y", 3]);
});
