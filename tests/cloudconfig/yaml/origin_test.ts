import { assert, assertEquals } from "../../_support/assert.ts";
import { loadYaml } from "../../../src/cloudconfig/yaml/load_yaml.ts";
import {
  containerOriginOf,
  copyOrigin,
  originOf,
  setOrigin,
} from "../../../src/cloudconfig/yaml/origin.ts";

const TEXT = [
  "#cloud-config",
  "users:",
  "  - name: alice",
  "    uid: 0644",
  "    groups: [sudo, 'adm']",
  "write_files:",
  "  - path: /etc/motd",
  "    content: |",
  "      hello",
  "    permissions: '0600'",
].join("\n");

type Loaded = {
  users: { name: string; uid: number; groups: string[] }[];
  write_files: Record<string, string>[];
};

Deno.test("originOf() gives line, column and source of nested values", () => {
  const loaded = loadYaml(TEXT, { file: "user-data" }) as Loaded;
  const [alice] = loaded.users;
  assertEquals(originOf(alice, "uid"), { file: "user-data", line: 4, column: 10, source: "0644" });
  assertEquals(originOf(alice.groups, 0), {
    file: "user-data",
    line: 5,
    column: 14,
    source: "sudo",
  });
  assertEquals(originOf(alice.groups, 1), { file: "user-data", line: 5, column: 20, quoted: true });
  assertEquals(originOf(loaded.users, 0)?.line, 3);
});

Deno.test("originOf() marks block and quoted scalars as quoted", () => {
  const loaded = loadYaml(TEXT) as Loaded;
  const [file] = loaded.write_files;
  assertEquals(originOf(file, "content"), { line: 8, column: 14, quoted: true });
  assertEquals(originOf(file, "permissions"), { line: 10, column: 18, quoted: true });
});

Deno.test("containerOriginOf() gives where a mapping or sequence starts", () => {
  const loaded = loadYaml(TEXT) as Loaded;
  assertEquals(containerOriginOf(loaded)?.line, 2);
  assertEquals(containerOriginOf(loaded.users)?.line, 3);
  assertEquals(containerOriginOf(loaded.users[0].groups), { line: 5, column: 13 });
});

Deno.test("originOf() keeps the source text of a multi-line plain scalar", () => {
  const loaded = loadYaml("key: first\n  second\n") as Record<string, string>;
  assertEquals(loaded.key, "first second");
  assertEquals(originOf(loaded, "key")?.source, "first\n  second");
});

Deno.test("originOf() points merged values at the anchored mapping", () => {
  const loaded = loadYaml("base: &b\n  shell: /bin/sh\nuser:\n  <<: *b\n  name: x\n") as Record<
    string,
    Record<string, string>
  >;
  assertEquals(originOf(loaded.user, "shell")?.line, 2);
  assertEquals(originOf(loaded.user, "name")?.line, 5);
});

Deno.test("origins stay invisible to JSON, Object.keys and structuredClone", () => {
  const loaded = loadYaml(TEXT) as Loaded;
  assertEquals(Object.keys(loaded), ["users", "write_files"]);
  assertEquals(JSON.parse(JSON.stringify(loaded)), structuredClone(loaded));
  const clone = structuredClone(loaded);
  assertEquals(originOf(clone, "users"), undefined);
  assert(!JSON.stringify(loaded).includes("line"));
});

Deno.test("setOrigin() and copyOrigin() record origins on plain values", () => {
  const from = { a: 1 };
  const to: unknown[] = [];
  assertEquals(originOf(from, "a"), undefined);
  setOrigin(from, "a", { line: 3, column: 7, source: "1" });
  copyOrigin(from, "a", to, 0);
  assertEquals(originOf(to, 0), { line: 3, column: 7, source: "1" });
  copyOrigin(from, "missing", to, 1);
  assertEquals(originOf(to, 1), undefined);
  assertEquals(Object.keys(from), ["a"]);
});
