import { join } from "node:path";
import { assert, assertEquals, assertMatch, assertStringIncludes } from "../_support/assert.ts";
import { runCli } from "../_support/cli.ts";
import { sharedTest } from "../_support/shared.ts";

interface JsonReport {
  files: { file: string; status: string; problems: { code: string; path?: string }[] }[];
  exitCode: number;
}

async function validateJson(args: string[]): Promise<{ code: number; report: JsonReport }> {
  const result = await runCli("service", ["validate", "--json", ...args]);
  return { code: result.code, report: JSON.parse(result.stdout) as JsonReport };
}

sharedTest("validate accepts every EGS sample outside broken/", async (shared) => {
  const directory = join(shared, "corpus/egs/samples/cloud-configs");
  const files = [...Deno.readDirSync(directory)].filter((entry) => entry.isFile)
    .map((entry) => join(directory, entry.name));
  const { code, report } = await validateJson(files.flatMap((file) => ["--user-data", file]));
  assertEquals(
    report.files.map((file) => [file.file, file.status]).filter(([, status]) => status !== "valid"),
    [],
  );
  assertEquals(code, 0);
});

sharedTest("validate exits 2 naming the line of broken YAML", async (shared) => {
  const file = join(shared, "corpus/egs/samples/cloud-configs/broken/invalid-yaml.yaml");
  const result = await runCli("service", ["validate", "--user-data", file]);
  assertEquals(result.code, 2);
  assertMatch(result.stdout, /invalid-yaml\.yaml[^:]*:14:\d+: error: Invalid YAML/);
  assertStringIncludes(result.stdout, "invalid-yaml.yaml: unparseable");
});

sharedTest("validate exits 1 naming the duplicated user", async (shared) => {
  const file = join(shared, "corpus/egs/samples/cloud-configs/broken/duplicate-user.yaml");
  const result = await runCli("service", ["validate", "--user-data", file]);
  assertEquals(result.code, 1);
  assertStringIncludes(result.stdout, 'Duplicate user name "duplicated"');
  assertStringIncludes(result.stdout, "duplicate-user.yaml: invalid (1 error)");
});

sharedTest("validate scans a directory and the highest exit code wins", async (shared) => {
  const { code, report } = await validateJson([
    "--user-data",
    join(shared, "corpus/egs/samples/cloud-configs"),
  ]);
  assertEquals(code, 2);
  assertEquals(report.exitCode, 2);
  const statuses = Object.fromEntries(
    report.files.map((file) => [file.file.split("/").pop(), file.status]),
  );
  assertEquals(statuses["duplicate-user.yaml"], "invalid");
  assertEquals(statuses["invalid-yaml.yaml"], "unparseable");
  assertEquals(statuses["05-multipart-mixed.mime"], "valid");
  assertEquals(report.files.length, 13);
});

sharedTest("validate accepts all cloud-init module examples", async (shared) => {
  const { code, report } = await validateJson([
    "--user-data",
    join(shared, "corpus/cloud-init/module-examples"),
  ]);
  assertEquals(report.files.filter((file) => file.status !== "valid"), []);
  assert(report.files.length >= 100, `only ${report.files.length} files`);
  assertEquals(code, 0);
});

sharedTest("validate accepts every #cloud-config doc example", async (shared) => {
  const directory = join(shared, "corpus/cloud-init/doc-examples");
  const files = [...Deno.readDirSync(directory)].filter((entry) => entry.isFile)
    .map((entry) => join(directory, entry.name))
    .filter((file) => /^#cloud-config\s*\n/.test(Deno.readTextFileSync(file)));
  const { code, report } = await validateJson(files.flatMap((file) => ["--user-data", file]));
  assertEquals(report.files.filter((file) => file.status !== "valid"), []);
  assertEquals(code, 0);
});

Deno.test("validate reports UTF-16, unreadable files and target warnings", async () => {
  const directory = await Deno.makeTempDir({ prefix: "egs-validate-" });
  try {
    const ascii = [...new TextEncoder().encode("#cloud-config\n")];
    const utf16 = new Uint8Array([0xff, 0xfe, ...ascii.flatMap((byte) => [byte, 0])]);
    await Deno.writeFile(join(directory, "utf16.yaml"), utf16);
    await Deno.writeTextFile(join(directory, "win.yaml"), "#cloud-config\nlocale: de_DE\n");
    await Deno.writeTextFile(join(directory, "notes.txt"), "not user-data\n");
    await Deno.writeTextFile(join(directory, "script"), "#!/bin/sh\necho hi\n");
    const missing = join(directory, "missing.yaml");

    const { code, report } = await validateJson([
      "--target",
      "windows",
      "--user-data",
      directory,
      "--user-data",
      missing,
    ]);
    const byName: Record<string, JsonReport["files"][number]> = Object.fromEntries(
      report.files.map((file) => [file.file.split("/").pop(), file]),
    );
    assertEquals(Object.keys(byName).sort(), ["missing.yaml", "script", "utf16.yaml", "win.yaml"]);
    assertEquals(byName["utf16.yaml"].status, "unparseable");
    assertEquals(byName["missing.yaml"].status, "unparseable");
    assertEquals(byName["missing.yaml"].problems[0].code, "unreadable");
    assertEquals(byName["script"].status, "valid");
    assertEquals(byName["win.yaml"].status, "valid");
    assertEquals(byName["win.yaml"].problems.map((problem) => problem.path), ["locale"]);
    assertEquals(code, 2);
  } finally {
    await Deno.remove(directory, { recursive: true });
  }
});

Deno.test("validate without --user-data is a usage error", async () => {
  const result = await runCli("service", ["validate"]);
  assertEquals(result.code, 2);
  assertStringIncludes(result.stderr, "--user-data");
});
