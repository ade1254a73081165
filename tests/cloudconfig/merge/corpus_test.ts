/**
 * cloud-init's own merge cases: for each N, the files `sourceN-*.yaml` are
 * merged in file-name order, with no MIME headers and no template
 * rendering, and must equal `expectedN.yaml`, as cloud-init's test feeds
 * them to its cloud-config part handler.
 */

import { existsSync } from "node:fs";
import { join } from "node:path";
import { CloudConfigMerger } from "../../../src/cloudconfig/merge/mod.ts";
import type { Problem } from "../../../src/cloudconfig/problem.ts";
import { loadYaml } from "../../../src/cloudconfig/yaml/mod.ts";
import { assert, assertEquals } from "../../_support/assert.ts";
import { sharedPath, sharedTest } from "../../_support/shared.ts";

const CORPUS = ["corpus", "cloud-init", "merge"];
const SOURCE_NAME = /^source(\d+)-(\d+)\.yaml$/;

/** Returns the source file names of each case, keyed by case number, in file-name order. */
function listCases(directory: string): Map<number, string[]> {
  const cases = new Map<number, string[]>();
  const names = [...Deno.readDirSync(directory)].map((entry) => entry.name).sort();
  for (const name of names) {
    const match = SOURCE_NAME.exec(name);
    if (match === null) continue;
    const id = Number(match[1]);
    cases.set(id, [...(cases.get(id) ?? []), name]);
  }
  return new Map([...cases].sort(([a], [b]) => a - b));
}

function loadMapping(path: string): Record<string, unknown> {
  const value = loadYaml(Deno.readTextFileSync(path), { file: path });
  assert(typeof value === "object", `${path} is not a mapping`);
  assert(value !== null, `${path} is empty`);
  return value as Record<string, unknown>;
}

const corpusDirectory = sharedPath(...CORPUS);
const cases = corpusDirectory !== undefined && existsSync(corpusDirectory)
  ? listCases(corpusDirectory)
  : new Map<number, string[]>();

sharedTest("merge corpus has cloud-init's nine cases", () => {
  assertEquals([...cases.keys()], [1, 2, 3, 4, 5, 6, 7, 8, 9]);
});

for (const [id, sources] of cases) {
  sharedTest(`CloudConfigMerger matches merge case ${id}`, (shared) => {
    const directory = join(shared, ...CORPUS);
    const warnings: Problem[] = [];
    const merger = new CloudConfigMerger({ warnings });
    for (const name of sources) {
      merger.add(loadMapping(join(directory, name)), { file: name });
    }

    const expected = loadMapping(join(directory, `expected${id}.yaml`));
    assertEquals(merger.result(), expected, `merge of ${sources.join(", ")}`);
    assertEquals(warnings, []);
  });
}
