/**
 * Differential test: every cloud-init module example and `#cloud-config` doc
 * example, plus mutations of the keys EGS applies, goes through EGS
 * validation and through cloud-init's own JSON schema (with ajv). Where the
 * accept/reject verdicts differ, the case must be listed with its reason in
 * the table of docs/schema.md, and every listed case must still differ, so
 * the table cannot go stale.
 */

import { join } from "node:path";
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";
import { loadCloudConfig } from "../../src/cloudconfig/load.ts";
import { hasErrors, validateCloudConfig } from "../../src/cloudconfig/validate.ts";
import { loadYaml } from "../../src/cloudconfig/yaml/load_yaml.ts";
import { assertEquals } from "../_support/assert.ts";
import { REPO_ROOT, sharedTest } from "../_support/shared.ts";
import { MUTATIONS } from "./schema/differential_cases.ts";

type Verdict = "accepts" | "rejects";

interface Disagreement {
  id: string;
  egs: Verdict;
  cloudInit: Verdict;
}

type AjvValidate = (data: unknown) => boolean;

function compileCloudInitSchema(shared: string): AjvValidate {
  const path = join(shared, "corpus/cloud-init/schemas/schema-cloud-config-v1.json");
  const schema = JSON.parse(Deno.readTextFileSync(path));
  // The packages' CommonJS default exports are typed loosely under Deno's npm interop.
  // deno-lint-ignore no-explicit-any
  const ajv = new (Ajv as any)({ strict: false, allErrors: false });
  // deno-lint-ignore no-explicit-any
  (addFormats as any)(ajv);
  return ajv.compile(schema);
}

/**
 * Converts a PyYAML-style value for ajv: `!!binary` bytes count as strings in
 * cloud-init's schema, and a timestamp is neither a string nor a mapping
 * there, so it becomes a value ajv accepts as no JSON type.
 */
function forAjv(value: unknown): unknown {
  if (value instanceof Uint8Array) return new TextDecoder().decode(value);
  if (value instanceof Date) return Symbol("timestamp");
  if (typeof value === "bigint") return Number(value);
  if (Array.isArray(value)) return value.map(forAjv);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, forAjv(item)]));
  }
  return value;
}

function egsVerdict(text: string): Verdict {
  try {
    return hasErrors(validateCloudConfig(loadCloudConfig(text))) ? "rejects" : "accepts";
  } catch {
    return "rejects";
  }
}

function cloudInitVerdict(validate: AjvValidate, text: string): Verdict {
  const value = loadYaml(text) ?? {};
  return validate(forAjv(value)) ? "accepts" : "rejects";
}

function corpusCases(shared: string): { id: string; yaml: string }[] {
  const cases: { id: string; yaml: string }[] = [];
  for (const folder of ["module-examples", "doc-examples"]) {
    const directory = join(shared, "corpus/cloud-init", folder);
    const names = [...Deno.readDirSync(directory)].filter((entry) => entry.isFile)
      .map((entry) => entry.name).sort();
    for (const name of names) {
      const yaml = Deno.readTextFileSync(join(directory, name));
      if (/^#cloud-config\s*\n/.test(yaml)) cases.push({ id: `${folder}/${name}`, yaml });
    }
  }
  return cases;
}

/** Reads the rows between the differential markers of docs/schema.md. */
function documentedDisagreements(): Disagreement[] {
  const text = Deno.readTextFileSync(join(REPO_ROOT, "docs/schema.md"));
  const start = text.indexOf("<!-- differential:start -->");
  const end = text.indexOf("<!-- differential:end -->");
  if (start === -1 || end === -1) throw new Error("docs/schema.md lacks the differential markers.");
  const rows: Disagreement[] = [];
  for (const line of text.slice(start, end).split("\n")) {
    const cells = line.split("|").map((cell) => cell.trim());
    const id = cells[1]?.replace(/^`|`$/g, "");
    if (cells.length < 5 || id === undefined || id === "case" || id.startsWith("-")) continue;
    rows.push({ id, egs: cells[2] as Verdict, cloudInit: cells[3] as Verdict });
  }
  return rows;
}

function asTableRows(rows: readonly Disagreement[]): string {
  return rows.map((row) => `| \`${row.id}\` | ${row.egs} | ${row.cloudInit} | REASON |`)
    .join("\n");
}

sharedTest("validateCloudConfig() differs from cloud-init only where documented", (shared) => {
  const validate = compileCloudInitSchema(shared);
  const cases = [
    ...corpusCases(shared),
    ...MUTATIONS.map((mutation) => ({ id: `mutation:${mutation.id}`, yaml: mutation.yaml })),
  ];
  const actual: Disagreement[] = [];
  for (const { id, yaml } of cases) {
    const egs = egsVerdict(yaml);
    const cloudInit = cloudInitVerdict(validate, yaml);
    if (egs !== cloudInit) actual.push({ id, egs, cloudInit });
  }
  const byId = (a: Disagreement, b: Disagreement) => a.id.localeCompare(b.id);
  actual.sort(byId);
  const documented = documentedDisagreements().sort(byId);
  assertEquals(
    actual,
    documented,
    `The disagreements differ from the table in docs/schema.md. Actual rows:\n${
      asTableRows(actual)
    }`,
  );
});

sharedTest("differential corpus covers every module example", (shared) => {
  const moduleCases = corpusCases(shared).filter((entry) =>
    entry.id.startsWith("module-examples/")
  );
  assertEquals(moduleCases.length >= 100, true, `only ${moduleCases.length} module examples found`);
});
