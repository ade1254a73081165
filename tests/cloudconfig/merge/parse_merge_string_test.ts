// The expected results were checked against cloud-init 22.4.2's
// mergers.string_extract_mergers.

import {
  formatMergerSpecs,
  MergeError,
  type MergerSpec,
  parseMergeString,
} from "../../../src/cloudconfig/merge/mod.ts";
import { assertEquals, assertThrows } from "../../_support/assert.ts";

function names(specs: MergerSpec[]): [string, string][] {
  return specs.map((spec) => [spec.name, spec.options.toString()]);
}

Deno.test("parseMergeString() reads names and options", () => {
  assertEquals(names(parseMergeString("dict(recurse_array,no_replace)+list(append)")), [
    ["dict", "recurse_array,no_replace"],
    ["list", "append"],
  ]);
});

Deno.test("parseMergeString() normalizes case, spaces and dashes", () => {
  assertEquals(names(parseMergeString(" Dict( Recurse-List , ,No-Replace) ++ LIST() ")), [
    ["dict", "recurse_list,no_replace"],
    ["list", ""],
  ]);
});

Deno.test("parseMergeString() returns no specs for an empty string", () => {
  assertEquals(parseMergeString(""), []);
  assertEquals(parseMergeString(" + "), []);
});

Deno.test("parseMergeString() keeps the m_ prefix", () => {
  assertEquals(names(parseMergeString("m_dict(a)")), [["m_dict", "a"]]);
});

Deno.test("parseMergeString() reads up to the last parenthesis", () => {
  assertEquals(names(parseMergeString("dict()()")), [["dict", ")("]]);
});

for (const bad of ["dict", "dict(a", "1dict()", "dict(a)x", "di ct()", "list[append]"]) {
  Deno.test(`parseMergeString() rejects "${bad}"`, () => {
    const error = assertThrows(() => parseMergeString(bad), MergeError, `"${bad}"`);
    assertEquals(error.hint.includes("dict(no_replace,recurse_list)+list(append)"), true);
  });
}

Deno.test("formatMergerSpecs() writes the string form", () => {
  const text = "dict(replace)+list()+str(append)";
  assertEquals(formatMergerSpecs(parseMergeString(text)), text);
});
