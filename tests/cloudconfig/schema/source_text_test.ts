import { z } from "zod";
import { loadCloudConfig } from "../../../src/cloudconfig/load.ts";
import { applySourceText } from "../../../src/cloudconfig/source_text.ts";
import { acceptsOnlyStrings } from "../../../src/cloudconfig/schema/_walk.ts";
import { textOrBytesSchema } from "../../../src/cloudconfig/schema/_text.ts";
import { InputError } from "../../../src/errors.ts";
import { loadYaml } from "../../../src/cloudconfig/yaml/load_yaml.ts";
import { assertEquals, assertStringIncludes, assertThrows } from "../../_support/assert.ts";

const cases: { name: string; yaml: string; path: (string | number)[]; expected: unknown }[] = [
  { name: "hostname NO", yaml: "hostname: NO", path: ["hostname"], expected: "NO" },
  { name: "hostname int", yaml: "hostname: 1234", path: ["hostname"], expected: "1234" },
  { name: "fqdn float", yaml: "fqdn: 1.10", path: ["fqdn"], expected: "1.10" },
  { name: "timezone", yaml: "timezone: 0", path: ["timezone"], expected: "0" },
  { name: "locale false", yaml: "locale: false", path: ["locale"], expected: "false" },
  { name: "password", yaml: "password: 0700", path: ["password"], expected: "0700" },
  {
    name: "permissions 640",
    yaml: "write_files:\n  - path: /x\n    permissions: 640",
    path: ["write_files", 0, "permissions"],
    expected: "640",
  },
  {
    name: "permissions 0640",
    yaml: "write_files:\n  - path: /x\n    permissions: 0640",
    path: ["write_files", 0, "permissions"],
    expected: "0640",
  },
  {
    name: "write_files content",
    yaml: "write_files:\n  - path: /x\n    content: 1e3",
    path: ["write_files", 0, "content"],
    expected: "1e3",
  },
  {
    name: "runcmd argv octal",
    yaml: "runcmd:\n  - [install, -m, 0700]",
    path: ["runcmd", 0, 2],
    expected: "0700",
  },
  {
    name: "runcmd argv yes",
    yaml: "runcmd:\n  - [echo, yes]",
    path: ["runcmd", 0, 1],
    expected: "yes",
  },
  {
    name: "bootcmd argv float",
    yaml: "bootcmd:\n  - [echo, 1.10]",
    path: ["bootcmd", 0, 1],
    expected: "1.10",
  },
  {
    name: "user name",
    yaml: "users:\n  - name: on",
    path: ["users", 0, "name"],
    expected: "on",
  },
  {
    name: "expiredate timestamp",
    yaml: "users:\n  - name: a\n    expiredate: 2032-01-01",
    path: ["users", 0, "expiredate"],
    expected: "2032-01-01",
  },
  {
    name: "gecos",
    yaml: "users:\n  - name: a\n    gecos: 12:30",
    path: ["users", 0, "gecos"],
    expected: "12:30",
  },
  {
    name: "user in mapping form",
    yaml: "users:\n  bob:\n    shell: 0",
    path: ["users", "bob", "shell"],
    expected: "0",
  },
  {
    name: "chpasswd list entry",
    yaml: "chpasswd:\n  users:\n    - name: bob\n      password: 123",
    path: ["chpasswd", "users", 0, "password"],
    expected: "123",
  },
  {
    name: "not-applied string key",
    yaml: "final_message: 42",
    path: ["final_message"],
    expected: "42",
  },
  {
    name: "runcmd bare int stays int",
    yaml: "runcmd:\n  - 42",
    path: ["runcmd", 0],
    expected: 42,
  },
  {
    name: "uid int stays int",
    yaml: "users:\n  - name: a\n    uid: 1001",
    path: ["users", 0, "uid"],
    expected: 1001,
  },
  {
    name: "sudo true stays boolean",
    yaml: "users:\n  - name: a\n    sudo: true",
    path: ["users", 0, "sudo"],
    expected: true,
  },
  {
    name: "preserve_hostname stays boolean",
    yaml: "preserve_hostname: yes",
    path: ["preserve_hostname"],
    expected: true,
  },
  { name: "null hostname stays null", yaml: "hostname:", path: ["hostname"], expected: null },
  {
    name: "quoted value unchanged",
    yaml: "hostname: 'NO'",
    path: ["hostname"],
    expected: "NO",
  },
  {
    name: "unknown key untouched",
    yaml: "custom_key: 0700",
    path: ["custom_key"],
    expected: 448,
  },
];

function valueAt(root: unknown, path: (string | number)[]): unknown {
  return path.reduce(
    (current: unknown, segment) => (current as Record<string | number, unknown>)[segment],
    root,
  );
}

for (const { name, yaml, path, expected } of cases) {
  Deno.test(`loadCloudConfig() source text: ${name}`, () => {
    const config = loadCloudConfig(`#cloud-config\n${yaml}\n`);
    assertEquals(valueAt(config, path), expected);
  });
}

Deno.test("applySourceText() returns the number of replaced values", () => {
  const config = loadYaml("hostname: NO\nfqdn: 12\nruncmd:\n  - [a, 1]\n") as Record<
    string,
    unknown
  >;
  assertEquals(applySourceText(config), 3);
});

Deno.test("applySourceText() leaves values without a source as they are", () => {
  const config: Record<string, unknown> = { hostname: false };
  assertEquals(applySourceText(config), 0);
  assertEquals(config.hostname, false);
});

Deno.test("acceptsOnlyStrings() follows the schema", () => {
  assertEquals(acceptsOnlyStrings(z.string().optional()), true);
  assertEquals(acceptsOnlyStrings(z.enum(["a", "b"])), true);
  assertEquals(acceptsOnlyStrings(textOrBytesSchema), true);
  assertEquals(acceptsOnlyStrings(z.union([z.string(), z.int()])), false);
  assertEquals(acceptsOnlyStrings(z.union([z.boolean(), z.literal("localhost")])), false);
  assertEquals(acceptsOnlyStrings(z.array(z.string())), false);
});

Deno.test("loadCloudConfig() returns an empty mapping for an empty document", () => {
  assertEquals(loadCloudConfig("#cloud-config\n"), {});
});

Deno.test("loadCloudConfig() rejects a document that is not a mapping", () => {
  const error = assertThrows(
    () => loadCloudConfig("#cloud-config\n- a\n- b\n", { file: "list.yaml" }),
    InputError,
  );
  assertStringIncludes(error.message, "list.yaml");
  assertStringIncludes(error.message, "a list, not a mapping");
});

Deno.test("loadCloudConfig() passes loader warnings on", () => {
  const warnings: import("../../../src/cloudconfig/problem.ts").Problem[] = [];
  loadCloudConfig("hostname: a\nhostname: b\n", { file: "dup.yaml", warnings });
  assertEquals(warnings.length, 1);
  assertEquals(warnings[0].code, "duplicate-key");
});
