/**
 * Random merges compared with cloud-init itself: the same parts go through
 * `CloudConfigMerger` and through cloud-init's CloudConfigPartHandler, and
 * the same layers through `mergeManyDicts` and `util.mergemanydict`. The
 * merged config and the parts left out must agree. cloud-init runs with
 * `chroot` in the cached Debian root that has it installed, so the test
 * needs root and that cache. Without them it is ignored with a notice.
 * It never builds the root, which would download from the Debian mirror.
 */

import fc from "fast-check";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import {
  CloudConfigMerger,
  MergeError,
  mergeManyDicts,
} from "../../../src/cloudconfig/merge/mod.ts";
import type { Problem } from "../../../src/cloudconfig/problem.ts";
import { loadYaml } from "../../../src/cloudconfig/yaml/mod.ts";
import { assertEquals } from "../../_support/assert.ts";
import { debianRootPath } from "../../_support/debian_root.ts";

interface Part {
  yaml: string;
  header: string | null;
  /** True for a `#cloud-config-jsonp` part, whose text is a JSON Patch. */
  jsonp?: boolean;
}

interface MergeCase {
  mode: "parts" | "layers";
  parts: Part[];
}

const CASE_COUNT = 800;
const SEED = 20261204;

const root = debianRootPath("cloud-init");
const ready = Deno.uid() === 0 && existsSync(join(root, "usr/lib/python3/dist-packages/cloudinit"));
if (!ready) {
  console.error(
    `Skipping the cloud-init merge comparison: it needs root and the cached root ${root}.`,
  );
}

const KEYS = ["a", "b", "runcmd"];
const OPTIONS = [
  "replace",
  "no_replace",
  "allow_delete",
  "append",
  "prepend",
  "recurse_dict",
  "recurse_list",
  "recurse_array",
  "recurse_str",
  "apend",
];
const MERGER_NAMES = ["dict", "list", "str", "m_list", "List", "bogus"];

const leaf = fc.constantFrom<unknown>(null, 0, 1, true, "", "x", "yz");
const { value } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.array(tie("value"), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie("value"), { maxKeys: 3 }),
  ),
}));

// Top-level values are mostly containers, so parts overlap in ways the options change.
const topValue = fc.oneof(
  { weight: 3, arbitrary: fc.array(value, { maxLength: 3 }) },
  { weight: 2, arbitrary: fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 3 }) },
  { weight: 1, arbitrary: leaf },
);

// Entries favour the real mergers so most directives do something.
const entry = fc.record({
  name: fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom("dict", "list", "str") },
    { weight: 1, arbitrary: fc.constantFrom(...MERGER_NAMES) },
  ),
  options: fc.subarray(OPTIONS, { maxLength: 3 }),
});
const stringDirective = fc.array(entry, { minLength: 1, maxLength: 3 }).map((entries) =>
  entries.map(({ name, options }) => `${name}(${options.join(",")})`).join("+")
);
const listDirective = fc.array(
  fc.oneof(
    entry.map(({ name, options }) => ({ name, settings: options }) as unknown),
    entry.map(({ name, options }) => [name, ...options] as unknown),
    entry.map(({ name, options }) => ({ name, settings: options.join(",") }) as unknown),
  ),
  { maxLength: 3 },
);
const directive = fc.oneof(
  { weight: 6, arbitrary: stringDirective },
  { weight: 3, arbitrary: listDirective },
  { weight: 1, arbitrary: fc.constantFrom<unknown>("", "dict[x]", 7, null) },
);

const part = fc.record({
  document: fc.dictionary(fc.constantFrom(...KEYS), topValue, { minKeys: 1, maxKeys: 3 }),
  directiveKey: fc.constantFrom(undefined, "merge_how", "merge_how", "merge_type"),
  directive,
  header: fc.option(stringDirective, { freq: 3 }),
}).map(({ document, directiveKey, directive, header }): Part => {
  const withDirective = directiveKey === undefined
    ? document
    : { ...document, [directiveKey]: directive };
  // JSON is YAML, and both loaders read it the same way.
  return { yaml: `#cloud-config\n${JSON.stringify(withDirective)}\n`, header };
});

const POINTERS = [
  "",
  "/a",
  "/a/0",
  "/a/1",
  "/a/-",
  "/a/01",
  "/runcmd/0",
  "/b/a",
  "/~1",
  "/a~2",
  "x",
];

const patchOperation = fc.record({
  op: fc.oneof(
    { weight: 9, arbitrary: fc.constantFrom("add", "remove", "replace", "move", "copy", "test") },
    { weight: 1, arbitrary: fc.constantFrom<unknown>("bogus", 1) },
  ),
  path: fc.constantFrom(...POINTERS),
  from: fc.option(fc.constantFrom(...POINTERS), { freq: 4 }),
  value: fc.option(value, { freq: 6 }),
}, { requiredKeys: ["op", "path"] }).map((operation) => {
  // fast-check's option gives null for "absent"; drop those members.
  const { from, value, ...rest } = operation;
  return {
    ...rest,
    ...(from === null || from === undefined ? {} : { from }),
    ...(value === null || value === undefined ? {} : { value }),
  };
});

const jsonpPart = fc.oneof(
  {
    weight: 9,
    arbitrary: fc.array(patchOperation, { maxLength: 3 }).map((ops) => JSON.stringify(ops)),
  },
  { weight: 1, arbitrary: fc.constantFrom("{}", '""', "[", "5", '{"op": "add"}') },
).map((body): Part => ({ yaml: `#cloud-config-jsonp\n${body}\n`, header: null, jsonp: true }));

const mergeCase = fc.oneof(
  fc.record({
    mode: fc.constant<"parts">("parts"),
    parts: fc.array(fc.oneof({ weight: 3, arbitrary: part }, { weight: 1, arbitrary: jsonpPart }), {
      minLength: 2,
      maxLength: 3,
    }),
  }),
  fc.record({
    mode: fc.constant<"layers">("layers"),
    parts: fc.array(part, { minLength: 2, maxLength: 3 }),
  }),
);

function mergeWithEgs(testCase: MergeCase): unknown {
  if (testCase.mode === "layers") {
    const documents = testCase.parts.map((p) => loadYaml(p.yaml) as Record<string, unknown>);
    try {
      return { result: mergeManyDicts(documents) };
    } catch (error) {
      if (!(error instanceof MergeError)) throw error;
      return { error: true };
    }
  }

  const warnings: Problem[] = [];
  const merger = new CloudConfigMerger({ warnings });
  for (const part of testCase.parts) {
    if (part.jsonp === true) {
      merger.addJsonPatch(part.yaml);
      continue;
    }
    const document = loadYaml(part.yaml) as Record<string, unknown>;
    merger.add(document, { headerMergeType: part.header ?? undefined });
  }
  const skipped = warnings.filter((warning) => warning.code === "merge-part-skipped").length;
  return { result: merger.result(), merged: testCase.parts.length - skipped };
}

async function mergeWithCloudInit(cases: MergeCase[]): Promise<unknown[]> {
  const script = await Deno.readTextFile(new URL("./_cloud_init_merge_oracle.py", import.meta.url));
  const child = new Deno.Command("chroot", {
    args: [root, "/usr/bin/python3", "-c", script],
    // The root is shared by other tests, so Python must not write bytecode into it.
    env: { PYTHONDONTWRITEBYTECODE: "1" },
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(JSON.stringify(cases)));
  await writer.close();
  const output = await child.output();
  if (!output.success) {
    throw new Error(`cloud-init's merge failed: ${new TextDecoder().decode(output.stderr)}`);
  }
  return JSON.parse(new TextDecoder().decode(output.stdout));
}

Deno.test({
  name: "merging agrees with cloud-init on random parts",
  ignore: !ready,
  fn: async () => {
    const cases = fc.sample(mergeCase, { seed: SEED, numRuns: CASE_COUNT }) as MergeCase[];
    const expected = await mergeWithCloudInit(cases);

    const mismatches = cases
      .map((testCase, index) => ({
        testCase,
        egs: JSON.parse(JSON.stringify(mergeWithEgs(testCase))),
        cloudInit: expected[index],
      }))
      .filter(({ egs, cloudInit }) => !isDeepStrictEqual(egs, cloudInit));
    assertEquals(
      mismatches.slice(0, 3),
      [],
      `${mismatches.length} of ${cases.length} cases differ`,
    );
  },
});
