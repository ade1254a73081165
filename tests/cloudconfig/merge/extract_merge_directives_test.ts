import { extractMergeDirectives, MergeError } from "../../../src/cloudconfig/merge/mod.ts";
import { loadYaml } from "../../../src/cloudconfig/yaml/mod.ts";
import { assertEquals, assertThrows } from "../../_support/assert.ts";

function names(document: Record<string, unknown>): [string, string][] {
  return extractMergeDirectives(document).specs.map((spec) => [
    spec.name,
    spec.options.toString(),
  ]);
}

Deno.test("extractMergeDirectives() removes merge_how", () => {
  const document = { a: 1, merge_how: "list(append)" };
  const { config, specs } = extractMergeDirectives(document);

  assertEquals(config, { a: 1 });
  assertEquals(specs.length, 1);
  assertEquals(document, { a: 1, merge_how: "list(append)" });
});

Deno.test("extractMergeDirectives() reads merge_type", () => {
  const { config } = extractMergeDirectives({ a: 1, merge_type: "list(append)" });
  assertEquals(config, { a: 1 });
});

Deno.test("extractMergeDirectives() keeps merge_type beside merge_how", () => {
  const { config } = extractMergeDirectives({ merge_how: "dict()", merge_type: "list()" });
  assertEquals(config, { merge_type: "list()" });
});

Deno.test("extractMergeDirectives() returns no specs without a directive", () => {
  assertEquals(extractMergeDirectives({ a: 1 }), { config: { a: 1 }, specs: [] });
  assertEquals(extractMergeDirectives({ merge_how: null }), { config: {}, specs: [] });
});

Deno.test("extractMergeDirectives() reads the list forms", () => {
  assertEquals(
    names({
      merge_how: [
        { name: "list", settings: ["append"] },
        { name: " dict-x ", settings: [] },
        ["str", "append", "x"],
        ["dict"],
        [0, "append"],
        { name: "", settings: null },
      ],
    }),
    [["list", "append"], ["dict_x", ""], ["str", "append,x"], ["dict", ""]],
  );
});

Deno.test("extractMergeDirectives() reads a string item as name and rest", () => {
  assertEquals(names({ merge_how: ["list"] }), [["l", "ist"]]);
});

Deno.test("extractMergeDirectives() rejects malformed items", () => {
  const cases: [unknown, string][] = [
    [[{ name: "list" }], 'the key "settings" is missing'],
    [[{ settings: [] }], 'the key "name" is missing'],
    [[{ name: 5, settings: [] }], "the name is a number"],
    [[[]], "it is empty"],
    [[7], "got a number"],
    [[[5, "append"]], "the name is a number"],
    [[{ name: "list", settings: 3 }], 'Invalid settings for merger "list"'],
    [true, "expected a string or a list, got a boolean"],
  ];
  for (const [directive, message] of cases) {
    assertThrows(() => extractMergeDirectives({ merge_how: directive }), MergeError, message);
  }
});

Deno.test("extractMergeDirectives() names the directive's line", () => {
  const document = loadYaml("a: 1\nmerge_how: 7\n", { file: "part.yaml" });
  const error = assertThrows(
    () => extractMergeDirectives(document as Record<string, unknown>),
    MergeError,
  );
  assertEquals(error.location.file, "part.yaml");
  assertEquals(error.location.line, 2);
});
