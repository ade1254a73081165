import { findMergeTypeHeader } from "../../../src/cloudconfig/merge/mod.ts";
import { assertEquals } from "../../_support/assert.ts";

Deno.test("findMergeTypeHeader() reads Merge-Type first", () => {
  const headers = { "X-Merge-Type": "list(prepend)", "Merge-Type": "list(append)" };
  assertEquals(findMergeTypeHeader(headers), "list(append)");
});

Deno.test("findMergeTypeHeader() falls back to X-Merge-Type", () => {
  assertEquals(findMergeTypeHeader({ "X-Merge-Type": "list(prepend)" }), "list(prepend)");
  const emptyFirst = { "Merge-Type": "", "X-Merge-Type": "list(prepend)" };
  assertEquals(findMergeTypeHeader(emptyFirst), "list(prepend)");
});

Deno.test("findMergeTypeHeader() matches names exactly", () => {
  assertEquals(findMergeTypeHeader({ "merge-type": "list(append)" }), undefined);
  assertEquals(findMergeTypeHeader({ "Content-Type": "text/cloud-config" }), undefined);
});

Deno.test("findMergeTypeHeader() takes the first repeated header", () => {
  const headers: [string, string][] = [
    ["Merge-Type", "list(append)"],
    ["Merge-Type", "list(prepend)"],
  ];
  assertEquals(findMergeTypeHeader(headers), "list(append)");
});
