/**
 * Compares loadYaml with PyYAML's `safe_load` on random YAML-like documents
 * and prints how often they agree, with examples of disagreement. This is a
 * measurement, not a test, because the two parsers are known to disagree on
 * some malformed input.
 *
 * Usage: deno run --allow-run --allow-read --allow-env tests/cloudconfig/yaml/compare_with_pyyaml.ts [seed]
 */

import fc from "fast-check";
import { loadYaml } from "../../../src/cloudconfig/yaml/load_yaml.ts";
import { toPlainJson } from "../../../src/cloudconfig/yaml/to_plain.ts";
import { YamlSyntaxError } from "../../../src/cloudconfig/yaml/yaml_error.ts";
import { loadWithPyYaml, type PyYamlResult } from "./_pyyaml.ts";

const DOCUMENT_COUNT = 4000;
const EXAMPLE_COUNT = 20;

const line = fc.tuple(
  fc.constantFrom("", "  ", "    ", "- ", "  - "),
  fc.constantFrom("a", "b", "yes", "0644", "'q'", '"d"', "[1, 2]", "{x: 1}", "&x", "*x", "<<", "~"),
  fc.constantFrom("", ": ", ":", " "),
  fc.constantFrom(
    "",
    "v",
    "yes",
    "1.5",
    "*x",
    "&x v",
    "[a]",
    "{b: c}",
    "|",
    "!!str 1",
    "'s'",
    "#c",
  ),
).map((parts) => parts.join(""));
const documentText = fc.array(line, { maxLength: 6 }).map((lines) => lines.join("\n") + "\n");

function loadWithEgs(text: string): PyYamlResult {
  try {
    return { value: toPlainJson(loadYaml(text)) };
  } catch (error) {
    if (error instanceof YamlSyntaxError) return { error: error.message };
    throw error;
  }
}

const seed = Number(Deno.args[0] ?? 1);
const texts = fc.sample(documentText, { numRuns: DOCUMENT_COUNT, seed });
const theirs = await loadWithPyYaml(texts);
const counts = { bothLoaded: 0, bothRejected: 0, onlyOneRejected: 0, differentValues: 0 };
const examples: string[] = [];

texts.forEach((text, index) => {
  const ours = loadWithEgs(text);
  const pyyaml = theirs[index];
  let kind: keyof typeof counts;
  if ("error" in ours && "error" in pyyaml) kind = "bothRejected";
  else if ("error" in ours || "error" in pyyaml) kind = "onlyOneRejected";
  else if (JSON.stringify(ours.value) !== JSON.stringify(pyyaml.value)) kind = "differentValues";
  else kind = "bothLoaded";
  counts[kind] += 1;
  if (kind !== "bothLoaded" && kind !== "bothRejected" && examples.length < EXAMPLE_COUNT) {
    examples.push(
      `${JSON.stringify(text)}\n  EGS:    ${JSON.stringify(ours)}\n  PyYAML: ${
        JSON.stringify(pyyaml)
      }`,
    );
  }
});

console.log(examples.join("\n"));
console.log(`seed ${seed}, ${DOCUMENT_COUNT} documents:`, counts);
