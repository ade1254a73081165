/**
 * Field cases and corpora from the shared folder, read in place.
 */

import { join } from "node:path";
import { loadCloudConfig } from "../../src/cloudconfig/load.ts";
import type { Problem } from "../../src/cloudconfig/problem.ts";
import {
  hasErrors,
  normalizeCloudConfig,
  validateCloudConfig,
} from "../../src/cloudconfig/validate.ts";
import { assert, assertEquals, assertNotMatch, assertStringIncludes } from "../_support/assert.ts";
import { sharedTest } from "../_support/shared.ts";

function load(shared: string, ...parts: string[]) {
  const file = join(shared, ...parts);
  return loadCloudConfig(Deno.readTextFileSync(file), { file });
}

sharedTest("bug-07 groups normalise to ops and dev in every form", (shared) => {
  const config = load(shared, "cases/bug-07/user-data");
  assertEquals(validateCloudConfig(config), []);
  const typed = normalizeCloudConfig(config);
  assertEquals(typed.users.map((user) => user.name), ["alice", "bob", "carol"]);
  for (const user of typed.users) assertEquals(user.groups, ["ops", "dev"], user.name);
  assertEquals(typed.groups.map((group) => group.name), ["ops", "dev"]);
});

sharedTest("bug-07 Windows group keeps its inner spaces", (shared) => {
  const typed = normalizeCloudConfig(load(shared, "cases/bug-07/user-data.windows"));
  assertEquals(typed.users[0].groups, ["Administrators", "Remote Desktop Users"]);
});

sharedTest("bug-08 runcmd argv keeps 0700, yes and 1.10 as written", (shared) => {
  const config = load(shared, "cases/bug-08/user-data");
  assertEquals(validateCloudConfig(config), []);
  const lastArguments = normalizeCloudConfig(config).runcmd.map((command) =>
    command.kind === "argv" ? command.argv.at(-1) : command.command
  );
  assertEquals(lastArguments, ["0700", "0700", "yes", "1.10"]);
});

sharedTest("bug-08 bare integer runcmd entry is an error naming runcmd[1]", (shared) => {
  const problems = validateCloudConfig(load(shared, "cases/bug-08/user-data.bare-int"));
  const errors = problems.filter((problem) => problem.severity === "error");
  assertEquals(errors.length, 1);
  assertEquals(errors[0].path, "runcmd[1]");
  assertEquals(errors[0].line, 7);
});

sharedTest("bug-10 permissions spellings all give 0640, text gives 0644", (shared) => {
  const config = load(shared, "cases/bug-10/user-data");
  const problems = validateCloudConfig(config);
  assertEquals(hasErrors(problems), false);
  const warning = problems.find((problem) => problem.code === "invalid-permissions");
  assert(warning !== undefined, "expected a permissions warning");
  assertEquals(warning.path, "write_files[3].permissions");
  assertStringIncludes(warning.message, '"rw-r-----"');
  assertStringIncludes(warning.message, "0644");
  const files = normalizeCloudConfig(config).writeFiles;
  assertEquals(files.map((file) => file.mode), [0o640, 0o640, 0o640, 0o644, 0o644]);
  assertEquals(files[4].content, "");
});

sharedTest("bug-13 schema warning names the key path and no secret", (shared) => {
  const problems: Problem[] = validateCloudConfig(load(shared, "cases/bug-13/user-data"));
  const unknown = problems.find((problem) => problem.code === "unknown-key");
  assert(unknown !== undefined, "expected an unknown-key warning");
  assertEquals(unknown.path, "users[0].password_hint");
  const text = JSON.stringify(problems);
  assertNotMatch(text, /Bug13-Plain-Secret!/);
  assertNotMatch(text, /\$6\$bug13salt\$/);
  assertNotMatch(text, /this-key-is-not-in-the-schema/);
  const random = problems.find((problem) => problem.code === "random-password");
  assertEquals(random?.path, "chpasswd.users[0]");
  assertEquals(hasErrors(problems), false);
});

sharedTest("module examples all validate", (shared) => {
  const directory = join(shared, "corpus/cloud-init/module-examples");
  for (const entry of Deno.readDirSync(directory)) {
    const text = Deno.readTextFileSync(join(directory, entry.name));
    if (!text.startsWith("#cloud-config")) continue;
    const problems = validateCloudConfig(loadCloudConfig(text, { file: entry.name }));
    assertEquals(problems.filter((problem) => problem.severity === "error"), [], entry.name);
  }
});

sharedTest("network-config corpus validates without errors", async (shared) => {
  const { validateNetworkConfig } = await import(
    "../../src/cloudconfig/schema/validate_network.ts"
  );
  const { loadYaml } = await import("../../src/cloudconfig/yaml/load_yaml.ts");
  const folders = ["corpus/cloud-init/network-config", "corpus/egs/test/fixtures/network-config"];
  for (const folder of folders) {
    for (const entry of Deno.readDirSync(join(shared, folder))) {
      if (!entry.name.endsWith(".yaml")) continue;
      const text = Deno.readTextFileSync(join(shared, folder, entry.name));
      assertEquals(validateNetworkConfig(loadYaml(text)), [], entry.name);
    }
  }
});
