import { loadCloudConfig } from "../../src/cloudconfig/load.ts";
import type { Problem } from "../../src/cloudconfig/problem.ts";
import type { ValidationTarget } from "../../src/cloudconfig/schema/targets.ts";
import { hasErrors, validateCloudConfig } from "../../src/cloudconfig/validate.ts";
import { assert, assertEquals, assertNotMatch, assertStringIncludes } from "../_support/assert.ts";

function check(yaml: string, target: ValidationTarget = "all"): Problem[] {
  const config = loadCloudConfig(`#cloud-config\n${yaml}`, { file: "test.yaml" });
  return validateCloudConfig(config, { target, file: "test.yaml" });
}

function only(problems: Problem[], code: string): Problem {
  const matching = problems.filter((problem) => problem.code === code);
  assertEquals(matching.length, 1, `expected one ${code}: ${JSON.stringify(problems)}`);
  return matching[0];
}

Deno.test("validateCloudConfig() accepts a typical config without problems", () => {
  const problems = check(
    "hostname: web01\nusers:\n  - default\n  - name: alice\n    groups: [adm]\n" +
      "    sudo: ALL=(ALL) NOPASSWD:ALL\nwrite_files:\n  - path: /etc/x\n    content: hi\n" +
      "runcmd:\n  - [echo, hi]\n  - echo hi\n",
  );
  assertEquals(problems, []);
});

Deno.test("validateCloudConfig() blames the nested key of a failed union", () => {
  const problem = only(check("users:\n  - name: alice\n    groups: 5\n"), "invalid-type");
  assertEquals(problem.severity, "error");
  assertEquals(problem.path, "users[0].groups");
  assertEquals(problem.line, 4);
  assertEquals(problem.file, "test.yaml");
  assertStringIncludes(problem.expected ?? "", "a string");
  assert(problem.hint !== undefined);
});

Deno.test("validateCloudConfig() names runcmd[1] for a bare integer entry", () => {
  const problem = only(check("runcmd:\n  - echo first\n  - 42\n"), "invalid-type");
  assertEquals(problem.path, "runcmd[1]");
  assertEquals(problem.line, 4);
  assertStringIncludes(problem.message, "42");
});

Deno.test("validateCloudConfig() reports a missing required key", () => {
  const problem = only(check("write_files:\n  - content: x\n"), "missing-key");
  assertEquals(problem.path, "write_files[0].path");
  assertEquals(problem.severity, "error");
});

Deno.test("validateCloudConfig() lists the allowed values of an enum", () => {
  const problem = only(check("power_state:\n  mode: sleep\n"), "invalid-type");
  assertEquals(problem.path, "power_state.mode");
  assertStringIncludes(problem.expected ?? "", '"poweroff"');
});

Deno.test("validateCloudConfig() warns about a top-level typo with a suggestion", () => {
  const problem = only(check("hostnme: web01\n"), "unknown-key");
  assertEquals(problem.severity, "warning");
  assertEquals(problem.path, "hostnme");
  assertStringIncludes(problem.hint ?? "", '"hostname"');
});

Deno.test("validateCloudConfig() warns about an unknown user key without a value", () => {
  const problems = check(
    'users:\n  - name: alice\n    hashed_passwd: "$6$salt$hash"\n    password_hint: my-secret-hint\n',
  );
  const problem = only(problems, "unknown-key");
  assertEquals(problem.path, "users[0].password_hint");
  assertEquals(hasErrors(problems), false);
  assertNotMatch(JSON.stringify(problems), /my-secret-hint|\$6\$salt/);
});

Deno.test("validateCloudConfig() never quotes a secret in a type error", () => {
  const problems = check(
    "users:\n  - name: alice\n    passwd: [SuperSecret1]\nchpasswd:\n  users:\n" +
      "    - {name: bob, password: [Secret2]}\nssh_keys:\n  rsa_private: [PrivateKey3]\n",
  );
  assertEquals(problems.filter((problem) => problem.severity === "error").length, 3);
  assertNotMatch(JSON.stringify(problems), /SuperSecret1|Secret2|PrivateKey3/);
});

Deno.test("validateCloudConfig() marks keys EGS does not apply", () => {
  const problem = only(check("packages: [vim]\n"), "not-applied");
  assertEquals(problem.path, "packages");
  assertEquals(problem.severity, "warning");
});

Deno.test("validateCloudConfig() checks the top-level type of not-applied keys", () => {
  const problems = check("packages: vim\n");
  assertEquals(hasErrors(problems), true);
  assertEquals(problems[0].path, "packages");
});

Deno.test("validateCloudConfig() rejects duplicate user names with both lines", () => {
  const problem = only(
    check("users:\n  - name: dup\n    groups: [adm]\n  - name: dup\n"),
    "duplicate-user",
  );
  assertEquals(problem.severity, "error");
  assertStringIncludes(problem.message, '"dup"');
  assertStringIncludes(problem.message, "lines 3 and 5");
  assertEquals(problem.path, "users[1]");
});

Deno.test("validateCloudConfig() warns about every RANDOM password form", () => {
  const problems = check(
    "chpasswd:\n  users:\n    - {name: a, type: RANDOM}\n    - {name: b, password: R}\n" +
      "    - {name: c, password: RANDOM}\n",
  );
  const paths = problems.filter((problem) => problem.code === "random-password")
    .map((problem) => problem.path);
  assertEquals(paths, ["chpasswd.users[0]", "chpasswd.users[1]", "chpasswd.users[2]"]);
  assertEquals(hasErrors(problems), false);
});

Deno.test("validateCloudConfig() warns about RANDOM in the chpasswd list form", () => {
  const problems = check("chpasswd:\n  list:\n    - alice:RANDOM\n    - bob:Secret9\n");
  const random = only(problems, "random-password");
  assertEquals(random.path, "chpasswd.list[0]");
  assertNotMatch(JSON.stringify(problems), /Secret9/);
});

Deno.test("validateCloudConfig() warns about deprecated user spellings", () => {
  const problems = check("users:\n  - name: a\n    lock-passwd: false\n    sudo: false\n");
  const deprecated = problems.filter((problem) => problem.code === "deprecated");
  assertEquals(deprecated.map((problem) => problem.path), [
    "users[0].lock-passwd",
    "users[0].sudo",
  ]);
});

Deno.test("validateCloudConfig() warns about undecodable permissions", () => {
  const problem = only(
    check("write_files:\n  - path: /x\n    permissions: 'rw-r-----'\n"),
    "invalid-permissions",
  );
  assertStringIncludes(problem.message, '"rw-r-----"');
  assertStringIncludes(problem.message, "0644");
});

Deno.test("validateCloudConfig() adds target warnings for Windows only", () => {
  const yaml = "locale: de_DE.UTF-8\nkeyboard: {layout: de}\nssh_genkeytypes: [ed25519]\n" +
    "users:\n  - name: a\n    shell: /bin/zsh\n";
  const windows = check(yaml, "windows").filter((problem) =>
    problem.code === "no-effect-on-target"
  );
  assertEquals(windows.map((problem) => problem.path), [
    "locale",
    "keyboard",
    "ssh_genkeytypes",
    "users[0].shell",
  ]);
  assertEquals(check(yaml, "linux"), []);
  assertEquals(check(yaml, "all"), []);
});

Deno.test("validateCloudConfig() lists errors before warnings", () => {
  const problems = check("hostnme: a\nhostname: [a]\n");
  assertEquals(problems.map((problem) => problem.severity), ["error", "warning"]);
});

Deno.test("validateCloudConfig() accepts the egs extension and checks its flags", () => {
  assertEquals(check("egs:\n  settings:\n    remote_access: false\n  update: true\n"), []);
  const problem = only(check("egs:\n  settings:\n    kvp_auth: 1\n"), "invalid-type");
  assertEquals(problem.path, "egs.settings.kvp_auth");
});

Deno.test("validateCloudConfig() treats prototype names as unknown keys", () => {
  const problems = check("constructor: 1\ntoString: x\nusers:\n  - name: a\n    __proto__: x\n");
  assertEquals(problems.map((problem) => [problem.code, problem.path]), [
    ["unknown-key", "constructor"],
    ["unknown-key", "toString"],
    ["unknown-key", "users[0].__proto__"],
  ]);
});

Deno.test("validateCloudConfig() warns about an ssh_pwauth word that means nothing", () => {
  const warned = validateCloudConfig({ ssh_pwauth: "maybe" });
  assertEquals(warned.map((problem) => [problem.severity, problem.path]), [
    ["warning", "ssh_pwauth"],
  ]);
  assertStringIncludes(warned[0].message, '"maybe" is neither true nor false');
  for (const value of ["yes", "Off", "unchanged", true]) {
    assertEquals(validateCloudConfig({ ssh_pwauth: value }), [], String(value));
  }
});
