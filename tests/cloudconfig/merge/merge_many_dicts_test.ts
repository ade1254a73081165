// The expected results were checked against cloud-init 22.4.2's
// util.mergemanydict with the same sources.

import { MergeError, mergeManyDicts } from "../../../src/cloudconfig/merge/mod.ts";
import { assertEquals, assertThrows } from "../../_support/assert.ts";

Deno.test("mergeManyDicts lets the first source win", () => {
  const first = { a: 1, b: 2, c: [1, 2, 3], d: { a: 1, b: 2 } };
  const second = { a: 10, c: [4], d: { a: 3, f: 10 }, e: 20 };

  assertEquals(mergeManyDicts([first, second]), {
    a: 1,
    b: 2,
    c: [1, 2, 3],
    d: { a: 1, b: 2, f: 10 },
    e: 20,
  });
});

Deno.test("mergeManyDicts skips null and empty sources", () => {
  assertEquals(mergeManyDicts([{ a: 1 }, null, {}, undefined, { b: 2 }]), { a: 1, b: 2 });
});

Deno.test("mergeManyDicts returns an empty mapping for no sources", () => {
  assertEquals(mergeManyDicts([]), {});
});

Deno.test("mergeManyDicts with reverse lets the last source win", () => {
  assertEquals(mergeManyDicts([{ a: 1, c: [1] }, { a: 2, c: [2] }], { reverse: true }), {
    a: 2,
    c: [2],
  });
});

Deno.test("mergeManyDicts applies a later source's merge_how", () => {
  const userData = { runcmd: ["u"] };
  const vendorData = { runcmd: ["v"], merge_how: "dict(recurse_list)+list(append)" };

  assertEquals(mergeManyDicts([userData, vendorData]), { runcmd: ["u", "v"] });
  assertEquals(vendorData.merge_how, "dict(recurse_list)+list(append)");
});

Deno.test("mergeManyDicts ignores the first source's merge_how for later ones", () => {
  const userData = { runcmd: ["u"], merge_how: "dict(recurse_list)+list(append)" };

  assertEquals(mergeManyDicts([userData, { runcmd: ["v"] }]), { runcmd: ["u"] });
});

Deno.test("mergeManyDicts lets a later mapping replace a string", () => {
  // The str merger without append returns the later value.
  assertEquals(mergeManyDicts([{ a: "x" }, { a: { k: 1 } }]), { a: { k: 1 } });
  assertEquals(mergeManyDicts([{ a: { k: 1 } }, { a: "x" }]), { a: { k: 1 } });
});

Deno.test("mergeManyDicts throws on an unknown merger", () => {
  assertThrows(
    () => mergeManyDicts([{ a: 1 }, { merge_how: "bogus()" }]),
    MergeError,
    'Unknown merger "bogus"',
  );
});

Deno.test("mergeManyDicts throws on values it cannot combine", () => {
  assertThrows(
    () => mergeManyDicts([{ a: [1] }, { a: { k: 1 }, merge_how: "dict()+list(no_replace)" }]),
    MergeError,
    "Cannot merge the list at a index by index",
  );
});

Deno.test("mergeManyDicts throws on a source that is not a mapping", () => {
  const sources = [{ a: 1 }, ["x"]] as unknown as Record<string, unknown>[];
  assertThrows(() => mergeManyDicts(sources), MergeError, "Cannot merge config layer 1");
});
