// Every expected value below was checked against cloud-init 22.4.2's own
// mergers (mergers.construct(...).merge(value, mergeWith)).

import { MergeError } from "../../../src/cloudconfig/merge/mod.ts";
import { assertEquals, assertThrows } from "../../_support/assert.ts";
import { type MergeCase, mergeWith } from "./_merge_with.ts";

const CASES: Record<string, MergeCase> = {
  "append joins two strings": {
    directive: "dict(recurse_str)+str(append)",
    value: { a: "x" },
    mergeWith: { a: "y" },
    expected: { a: "xy" },
  },
  "no options let the later string win": {
    directive: "dict(recurse_str)+str()",
    value: { a: "x" },
    mergeWith: { a: "y" },
    expected: { a: "y" },
  },
  "prepend is not an option and changes nothing": {
    directive: "dict(recurse_str)+str(prepend)",
    value: { a: "x" },
    mergeWith: { a: "y" },
    expected: { a: "y" },
  },
  "a later null never reaches the str merger": {
    directive: "dict(recurse_str)+str(append)",
    value: { a: "x" },
    mergeWith: { a: null },
    expected: { a: "x" },
  },
  "an earlier number ignores a later string": {
    directive: "dict(recurse_str)+str(append)",
    value: { a: 5 },
    mergeWith: { a: "y" },
    expected: { a: 5 },
  },
  "a later list replaces a string without append": {
    directive: "dict(recurse_list)+str()",
    value: { a: "s" },
    mergeWith: { a: [1] },
    expected: { a: [1] },
  },
  "without a str merger the earlier string stays": {
    directive: "dict(recurse_str)+list()",
    value: { a: "x" },
    mergeWith: { a: "y" },
    expected: { a: "x" },
  },
};

for (const [name, { directive, value, mergeWith: later, expected }] of Object.entries(CASES)) {
  Deno.test(`str merger: ${name}`, () => {
    assertEquals(mergeWith(directive, value, later), expected, directive);
  });
}

Deno.test("str merger: append rejects a later list", () => {
  // cloud-init raises TypeError (str + list) here and leaves the part out.
  assertThrows(
    () => mergeWith("dict(recurse_list)+str(append)", { a: "s" }, { a: [1] }),
    MergeError,
    "Cannot append a list to the string at a",
  );
});
