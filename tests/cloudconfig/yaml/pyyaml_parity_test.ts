import fc from "fast-check";
import { assertEquals } from "../../_support/assert.ts";
import { sharedDir } from "../../_support/shared.ts";
import { loadYaml } from "../../../src/cloudconfig/yaml/load_yaml.ts";
import { toPlainJson } from "../../../src/cloudconfig/yaml/to_plain.ts";
import { YamlSyntaxError } from "../../../src/cloudconfig/yaml/yaml_error.ts";
import { hasPyYaml, loadWithPyYaml, type PyYamlResult } from "./_pyyaml.ts";

// Hand-written documents that exercise YAML 1.1 resolution, tags, merges and
// errors. Sets are left out because Python sets have no order.
const SNIPPETS = [
  "a: yes\nb: No\nc: ON\nd: off\ne: y\nf: n\ng: TRUE\nh: tRUE\n",
  "a: 0644\nb: 0b1010\nc: 0x_FF\nd: 1_000\ne: 1:20:30\nf: -0\ng: 09\nh: 0o17\n",
  "a: 1.5\nb: 1e3\nc: 1.0e+3\nd: .5\ne: -.5\nf: .inf\ng: -.Inf\nh: .NaN\ni: 1.\nj: 1:20.5\n",
  "a: ~\nb: null\nc: Null\nd: NULL\ne:\nf: nULL\n",
  "a: 2001-12-14\nb: 2001-12-14t21:59:43.10-05:00\nc: 2001-12-14 21:59:43.10\nd: 2001-12-15 2:59:43.10 Z\ne: 2001-1-4\n",
  "a: 12345678901234567890\nb: -0x7FFFFFFFFFFFFFFFFF\nc: 9007199254740991\n",
  "base: &b {x: 1, y: 2}\nm:\n  <<: *b\n  y: 3\n",
  "a: &a {x: 1}\nb: &b {x: 2, y: 2}\nc:\n  <<: [*a, *b]\n",
  "a: !!binary aGVsbG8gd29ybGQ=\nb: !!str 12\nc: !!int '12'\nd: !!float '1'\ne: !!bool 'on'\n",
  "a: ! '12'\nb: ! |\n  12\nc: ! x\n",
  "1: a\n1.5: b\n2.0: c\nFalse: d\n~: e\n2001-12-14: f\n",
  "{1: a, 1.0: b, True: c}\n",
  "a: !!omap [x: 1, y: 2]\nb: !!pairs [x: 1, x: 2]\n",
  "a: 'it''s'\nb: \"tab\\there\"\nc: |\n  line\n  line2\nd: >\n  folded\n  text\n",
  "a: 1\na: 2\n",
  "a: &x 1\nb: &x 2\n",
  "key: value\n continued\n",
  "- [a, b]\n- {c: d}\n- - nested\n",
  "a: 1\n---\nb: 2\n",
  "a: *undefined\n",
  "a: !custom x\n",
  "a: [1, 2\n",
  "a:\n\tb: 1\n",
  "a: <<\n",
  "=: 1\n",
  "a: !!timestamp 2001-02-30\n",
  "a: !!binary YQ=\n",
  "",
  "# comment only\n",
  "\uFEFFa: 1\n",
  "a: 1\r\nb: 2\r\n",
];

function loadWithEgs(text: string): { value: unknown } | { error: string } {
  try {
    return { value: toPlainJson(loadYaml(text)) };
  } catch (error) {
    if (error instanceof YamlSyntaxError) return { error: error.message };
    throw error;
  }
}

/** Compares outcomes: equal values, or an error on both sides. */
function assertSameOutcome(text: string, ours: PyYamlResult, theirs: PyYamlResult): void {
  if ("error" in theirs || "error" in ours) {
    assertEquals(
      "error" in ours,
      "error" in theirs,
      `${JSON.stringify(text)}: ${JSON.stringify({ ours, theirs })}`,
    );
    return;
  }
  assertEquals(ours.value, theirs.value, JSON.stringify(text));
}

function collectYamlFiles(root: string): string[] {
  const files: string[] = [];
  for (const entry of Deno.readDirSync(root)) {
    const path = `${root}/${entry.name}`;
    if (entry.isDirectory) files.push(...collectYamlFiles(path));
    else if (/\.ya?ml$/.test(entry.name)) files.push(path);
  }
  return files.sort();
}

const pyYamlMissing = !hasPyYaml();
if (pyYamlMissing) console.error("Skipping PyYAML parity tests: python3 cannot import yaml.");

Deno.test({
  name: "loadYaml() matches PyYAML safe_load on hand-written snippets",
  ignore: pyYamlMissing,
  fn: async () => {
    const theirs = await loadWithPyYaml(SNIPPETS);
    SNIPPETS.forEach((text, index) => assertSameOutcome(text, loadWithEgs(text), theirs[index]));
  },
});

Deno.test({
  name: "loadYaml() matches PyYAML safe_load on the shared corpus",
  ignore: pyYamlMissing || sharedDir() === undefined,
  fn: async () => {
    const files = collectYamlFiles(`${sharedDir()}/corpus`);
    const texts = files.map((file) => Deno.readTextFileSync(file));
    const theirs = await loadWithPyYaml(texts);
    files.forEach((file, index) => {
      assertSameOutcome(file, loadWithEgs(texts[index]), theirs[index]);
    });
  },
});

// Random plain scalars built from the characters PyYAML's resolvers look at,
// plus timestamp-shaped values with fields in and out of range.
const SCALAR_CHARACTERS = [..."0123456789._:+-eExXboaAfFinNTtyYZ "];
const TIMESTAMP_LIKE = fc.tuple(
  fc.constantFrom("2001", "1999", "0000", "2024"),
  fc.constantFrom("-", "-0", "-1", "-12", "-13"),
  fc.constantFrom("-1", "-01", "-29", "-30", "-31", ""),
  fc.constantFrom("", " ", "T", "t"),
  fc.constantFrom("", "1:00:00", "23:59:59.5", "24:00:00", "01:02:03.1234567"),
  fc.constantFrom("", " Z", "Z", "+1", "-05:00", " -5"),
).map((parts) => parts.join(""));
const SCALAR_LIKE = fc.array(fc.constantFrom(...SCALAR_CHARACTERS), { minLength: 1, maxLength: 12 })
  .map((characters) => characters.join("").trim())
  .filter((text) => text.length > 0);

Deno.test({
  name: "loadYaml() resolves random plain scalars as PyYAML does",
  ignore: pyYamlMissing,
  fn: async () => {
    const scalars = fc.sample(fc.oneof(SCALAR_LIKE, TIMESTAMP_LIKE), { numRuns: 2000, seed: 42 });
    const texts = scalars.map((scalar) => `v: ${scalar}\n`);
    const theirs = await loadWithPyYaml(texts);
    texts.forEach((text, index) => assertSameOutcome(text, loadWithEgs(text), theirs[index]));
  },
});
