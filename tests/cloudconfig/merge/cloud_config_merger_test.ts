// The expected results were checked against cloud-init 22.4.2's
// CloudConfigPartHandler fed the same parts and Merge-Type headers.

import { CloudConfigMerger } from "../../../src/cloudconfig/merge/mod.ts";
import type { Problem } from "../../../src/cloudconfig/problem.ts";
import { loadYaml, originOf } from "../../../src/cloudconfig/yaml/mod.ts";
import { assert, assertEquals, assertStringIncludes } from "../../_support/assert.ts";

interface Part {
  yaml: string;
  header?: string;
}

function mergeParts(parts: Part[], warnings: Problem[] = []): Record<string, unknown> {
  const merger = new CloudConfigMerger({ warnings });
  parts.forEach((part, index) => {
    const file = `part-${index + 1}.yaml`;
    const document = loadYaml(`#cloud-config\n${part.yaml}`, { file });
    merger.add(document as Record<string, unknown>, { headerMergeType: part.header, file });
  });
  return merger.result();
}

const FIRST: Part = { yaml: "runcmd: [a]\n" };

const CASES: Record<string, { parts: Part[]; expected: Record<string, unknown> }> = {
  "default replaces top-level keys": {
    parts: [FIRST, { yaml: "runcmd: [b]\n" }],
    expected: { runcmd: ["b"] },
  },
  "header directive applies without merge_how": {
    parts: [FIRST, { yaml: "runcmd: [b]\n", header: "dict(recurse_list)+list(append)" }],
    expected: { runcmd: ["a", "b"] },
  },
  "merge_how wins over the header for the same merger": {
    parts: [FIRST, {
      yaml: "runcmd: [b]\nmerge_how: list(prepend)\n",
      header: "dict(recurse_list)+list(append)",
    }],
    expected: { runcmd: ["b", "a"] },
  },
  "merge_how without a dict merger changes nothing": {
    parts: [FIRST, { yaml: "runcmd: [b]\nmerge_how: list(append)\n" }],
    expected: { runcmd: ["a"] },
  },
  "merge_how applies only to its own part": {
    parts: [
      { yaml: "runcmd: [a]\nmerge_how: dict(recurse_list)+list(append)\n" },
      { yaml: "runcmd: [b]\n" },
    ],
    expected: { runcmd: ["b"] },
  },
  "merge_how leaves merge_type as a key": {
    parts: [FIRST, {
      yaml: "runcmd: [b]\nmerge_how: dict(recurse_list)+list(append)\nmerge_type: list(prepend)\n",
    }],
    expected: { runcmd: ["a", "b"], merge_type: "list(prepend)" },
  },
  "null merge_how falls back to merge_type": {
    parts: [FIRST, {
      yaml: "runcmd: [b]\nmerge_how: null\nmerge_type: dict(recurse_list)+list(prepend)\n",
    }],
    expected: { runcmd: ["b", "a"] },
  },
  "empty merge_how means the default": {
    parts: [FIRST, { yaml: 'runcmd: [b]\nmerge_how: ""\n' }],
    expected: { runcmd: ["b"] },
  },
  "list form with name and settings": {
    parts: [FIRST, {
      yaml: "runcmd: [b]\nmerge_how:\n - name: list\n   settings: [append]\n" +
        " - name: dict\n   settings: [no_replace, recurse_list]\n",
    }],
    expected: { runcmd: ["a", "b"] },
  },
  "list form with name-first lists": {
    parts: [FIRST, {
      yaml: "runcmd: [b]\nmerge_how:\n - [list, append]\n - [dict, recurse_list]\n",
    }],
    expected: { runcmd: ["a", "b"] },
  },
  "list form settings as a mapping": {
    parts: [FIRST, {
      yaml: "runcmd: [b]\nmerge_how:\n - name: dict\n   settings: {recurse_list: true}\n" +
        " - name: list\n   settings: [prepend]\n",
    }],
    expected: { runcmd: ["b", "a"] },
  },
  "list form skips an empty name": {
    parts: [FIRST, {
      yaml: 'runcmd: [b]\nmerge_how:\n - name: ""\n   settings: 5\n' +
        " - name: dict\n   settings: []\n",
    }],
    expected: { runcmd: ["a"] },
  },
  "string form ignores case, spaces and dashes": {
    parts: [FIRST, { yaml: 'runcmd: [b]\nmerge_how: " Dict( Recurse-List ) + LIST(Append) "\n' }],
    expected: { runcmd: ["a", "b"] },
  },
  "settings string matches options by substring": {
    parts: [{ yaml: "a: 1\n" }, {
      yaml: "a: 2\nmerge_how:\n - name: dict\n   settings: no_replace\n",
    }],
    expected: { a: 2 },
  },
};

for (const [name, { parts, expected }] of Object.entries(CASES)) {
  Deno.test(`CloudConfigMerger: ${name}`, () => {
    assertEquals(mergeParts(parts), expected);
  });
}

// Each of these parts makes cloud-init log an error and leave the part out.
const SKIPPED: Record<string, { part: Part; message: string }> = {
  "bad string directive": {
    part: { yaml: "runcmd: [b]\nmerge_how: dict[append]\n" },
    message: 'Invalid merge directive entry "dict[append]"',
  },
  "bad header directive": {
    part: { yaml: "runcmd: [b]\n", header: "nonsense" },
    message: 'Invalid merge directive entry "nonsense"',
  },
  "unknown merger": {
    part: { yaml: "runcmd: [b]\nmerge_how: bogus()\n" },
    message: 'Unknown merger "bogus"',
  },
  "list-form name in capitals": {
    part: { yaml: "runcmd: [b]\nmerge_how:\n - name: List\n   settings: [append]\n" },
    message: 'Unknown merger "List"',
  },
  "list-form item without settings": {
    part: { yaml: "runcmd: [b]\nmerge_how:\n - name: list\n" },
    message: 'the key "settings" is missing',
  },
  "list-form settings null": {
    part: { yaml: "runcmd: [b]\nmerge_how:\n - name: list\n   settings: null\n" },
    message: 'Invalid settings for merger "list"',
  },
  "list-form item as a bare string": {
    part: { yaml: "runcmd: [b]\nmerge_how:\n - list\n" },
    message: 'Unknown merger "l"',
  },
  "directive that is a number": {
    part: { yaml: "runcmd: [b]\nmerge_how: 7\n" },
    message: "expected a string or a list, got a number",
  },
  "values that cannot be combined": {
    part: { yaml: "runcmd: {k: 1}\nmerge_how: dict()+list(no_replace)\n" },
    message: "Cannot merge the list at runcmd index by index with a mapping",
  },
};

for (const [name, { part, message }] of Object.entries(SKIPPED)) {
  Deno.test(`CloudConfigMerger skips a part with ${name}`, () => {
    const warnings: Problem[] = [];
    const merged = mergeParts([FIRST, part, { yaml: "c: 1\n" }], warnings);

    assertEquals(merged, { runcmd: ["a"], c: 1 });
    const skipped = warnings.filter((warning) => warning.code === "merge-part-skipped");
    assertEquals(skipped.length, 1, JSON.stringify(warnings));
    assertEquals(skipped[0].file, "part-2.yaml");
    assertStringIncludes(skipped[0].message, message);
    assert(skipped[0].hint !== undefined);
    assert(skipped[0].hint !== "");
  });
}

Deno.test("CloudConfigMerger names the line of a bad merge_how", () => {
  const warnings: Problem[] = [];
  mergeParts([FIRST, { yaml: "runcmd: [b]\nmerge_how: dict[append]\n" }], warnings);

  assertEquals(warnings.length, 1);
  assertEquals(warnings[0].file, "part-2.yaml");
  // Line 1 is the #cloud-config header that mergeParts adds.
  assertEquals(warnings[0].line, 3);
});

Deno.test("CloudConfigMerger skips a part that is not a mapping", () => {
  const warnings: Problem[] = [];
  const merger = new CloudConfigMerger({ warnings });
  merger.add({ runcmd: ["a"] });
  merger.add(null as unknown as Record<string, unknown>, { file: "empty.yaml" });
  merger.add(["x"] as unknown as Record<string, unknown>, { file: "list.yaml" });

  assertEquals(merger.result(), { runcmd: ["a"] });
  assertEquals(warnings.map((warning) => warning.file), ["empty.yaml", "list.yaml"]);
  assertStringIncludes(warnings[0].message, "part that is null");
  assertStringIncludes(warnings[1].message, "part that is a list");
});

Deno.test("CloudConfigMerger warns about unknown options", () => {
  const warnings: Problem[] = [];
  const merged = mergeParts([FIRST, {
    yaml: "runcmd: [b]\nmerge_how: dict(recurse_list)+list(apend)+str(prepend)\n",
  }], warnings);

  // cloud-init ignores the misspelt option, so list() replaces by index.
  assertEquals(merged, { runcmd: ["b"] });
  assertEquals(warnings.map((warning) => warning.code), [
    "merge-option-ignored",
    "merge-option-ignored",
  ]);
  assertStringIncludes(warnings[0].message, 'Unknown option "apend" for merger "list"');
  assertStringIncludes(warnings[1].message, 'Unknown option "prepend" for merger "str"');
});

Deno.test("CloudConfigMerger warns about a settings string", () => {
  const warnings: Problem[] = [];
  mergeParts([FIRST, { yaml: "merge_how:\n - name: dict\n   settings: no_replace\n" }], warnings);

  assertEquals(warnings.length, 1);
  assertStringIncludes(warnings[0].message, "matches each option as a substring");
});

Deno.test("CloudConfigMerger starts empty", () => {
  assertEquals(new CloudConfigMerger().result(), {});
});

Deno.test("CloudConfigMerger keeps earlier results unchanged", () => {
  const merger = new CloudConfigMerger();
  merger.add({ runcmd: ["a"], packages: ["x"] });
  const first = merger.result();
  merger.add({ runcmd: ["b"], merge_how: "dict(recurse_list)+list(append)" });

  assertEquals(first, { runcmd: ["a"], packages: ["x"] });
  assertEquals(merger.result(), { runcmd: ["a", "b"], packages: ["x"] });
});

Deno.test("CloudConfigMerger leaves the added document unchanged", () => {
  const document = { runcmd: ["b"], merge_how: "dict(recurse_list)+list(append)" };
  const merger = new CloudConfigMerger();
  merger.add(document);

  assertEquals(document, { runcmd: ["b"], merge_how: "dict(recurse_list)+list(append)" });
});

Deno.test("CloudConfigMerger keeps the origin of every value", () => {
  const first = loadYaml("#cloud-config\nruncmd:\n  - a\nusers:\n  alice: {}\n", {
    file: "first.yaml",
  }) as Record<string, unknown>;
  const second = loadYaml(
    "#cloud-config\nmerge_how: dict(recurse_list)+list(append)\n\nruncmd:\n  - b\nusers:\n  bob: {}\nhostname: h\n",
    { file: "second.yaml" },
  ) as Record<string, unknown>;
  const merger = new CloudConfigMerger();
  merger.add(first, { file: "first.yaml" });
  merger.add(second, { file: "second.yaml" });
  const merged = merger.result();
  const runcmd = merged.runcmd as unknown[];
  const users = merged.users as Record<string, unknown>;

  assertEquals(runcmd, ["a", "b"]);
  assertEquals(pick(originOf(runcmd, 0)), { file: "first.yaml", line: 3 });
  assertEquals(pick(originOf(runcmd, 1)), { file: "second.yaml", line: 5 });
  assertEquals(pick(originOf(users, "alice")), { file: "first.yaml", line: 5 });
  assertEquals(pick(originOf(users, "bob")), { file: "second.yaml", line: 7 });
  assertEquals(pick(originOf(merged, "hostname")), { file: "second.yaml", line: 8 });
});

function pick(origin: { file?: string; line: number } | undefined) {
  return origin === undefined ? undefined : { file: origin.file, line: origin.line };
}

Deno.test("CloudConfigMerger names the line of an unknown option", () => {
  const warnings: Problem[] = [];
  mergeParts([FIRST, { yaml: "runcmd: [b]\nmerge_how: dict(recurse_lists)\n" }], warnings);

  assertEquals(warnings.length, 1);
  assertEquals(warnings[0].code, "merge-option-ignored");
  assertEquals(warnings[0].line, 3);
});

Deno.test("CloudConfigMerger gives no line for header options", () => {
  const warnings: Problem[] = [];
  mergeParts([FIRST, { yaml: "runcmd: [b]\n", header: "dict(recurse_lists)" }], warnings);

  assertEquals(warnings.length, 1);
  assertEquals(warnings[0].code, "merge-option-ignored");
  assertEquals(warnings[0].file, "part-2.yaml");
  assertEquals(warnings[0].line, undefined);
});
