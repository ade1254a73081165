import { assert, assertEquals, assertThrows } from "../../_support/assert.ts";
import { sharedTest } from "../../_support/shared.ts";
import { InputError } from "../../../src/errors.ts";
import type { Problem } from "../../../src/cloudconfig/problem.ts";
import { loadYaml } from "../../../src/cloudconfig/yaml/load_yaml.ts";
import { YamlSyntaxError } from "../../../src/cloudconfig/yaml/yaml_error.ts";
import { MAX_ALIAS_EXPANSION } from "../../../src/cloudconfig/yaml/anchor_table.ts";

// Broken fixtures end in .txt so that `deno fmt` does not try to format them.
const FIXTURES = new URL("./fixtures/", import.meta.url);

function loadFixture(name: string): unknown {
  return loadYaml(Deno.readTextFileSync(new URL(name, FIXTURES)), { file: name });
}

Deno.test("loadYaml() returns null for empty documents", () => {
  assertEquals(loadYaml(""), null);
  assertEquals(loadYaml("# only a comment\n"), null);
  assertEquals(loadYaml("---\n...\n"), null);
});

Deno.test("loadYaml() merges one mapping under <<", () => {
  const loaded = loadYaml(
    "base: &base {shell: /bin/bash, sudo: false}\nuser:\n  <<: *base\n  sudo: true\n  name: a\n",
  );
  assertEquals(loaded, {
    base: { shell: "/bin/bash", sudo: false },
    user: { shell: "/bin/bash", sudo: true, name: "a" },
  });
});

Deno.test("loadYaml() lets earlier mappings win in a << list", () => {
  const loaded = loadYaml(
    "a: &a {x: 1, y: 1}\nb: &b {y: 2, z: 2}\nc:\n  <<: [*a, *b]\n  z: 3\n",
  ) as Record<string, Record<string, number>>;
  assertEquals(loaded.c, { x: 1, y: 1, z: 3 });
  // PyYAML inserts the pairs of the last listed mapping first.
  assertEquals(Object.keys(loaded.c), ["y", "z", "x"]);
});

Deno.test("loadYaml() merges nested merge keys", () => {
  const loaded = loadYaml(
    "a: &a {x: 1}\nb: &b\n  <<: *a\n  y: 2\nc:\n  <<: *b\n",
  ) as Record<string, unknown>;
  assertEquals(loaded.c, { x: 1, y: 2 });
});

Deno.test("loadYaml() rejects a scalar under <<", () => {
  const error = assertThrows(() => loadYaml("a:\n  <<: text\n"), YamlSyntaxError);
  assertEquals(error.location.line, 2);
  assertEquals(error.message.includes("Expected a mapping or a list of mappings"), true);
});

Deno.test("loadYaml() reads a quoted << as an ordinary key", () => {
  assertEquals(loadYaml("'<<': 1\n"), { "<<": 1 });
});

Deno.test("loadYaml() shares the value of an anchor with its aliases", () => {
  const loaded = loadYaml("a: &list [1, 2]\nb: *list\nc: &s hello\nd: *s\n") as Record<
    string,
    unknown
  >;
  assertEquals(loaded.b, [1, 2]);
  assert(loaded.a === loaded.b, "an alias returns the same array object");
  assertEquals(loaded.d, "hello");
});

Deno.test("loadYaml() rejects a redefined anchor", () => {
  const error = assertThrows(
    () => loadYaml("a: &x 1\nb: &x 2\nc: *x\n"),
    YamlSyntaxError,
    'duplicate anchor "&x", first defined on line 1',
  );
  assertEquals(error.location.line, 2);
});

Deno.test("loadYaml() rejects anchor names PyYAML reads differently", () => {
  assertThrows(() => loadYaml("- &x: 1\n"), YamlSyntaxError, 'Invalid anchor or alias name "x:"');
  assertEquals(loadYaml("- &ok-name_1 v\n- *ok-name_1\n"), ["v", "v"]);
});

Deno.test("loadYaml() rejects undefined and recursive aliases", () => {
  assertThrows(() => loadYaml("a: *missing\n"), YamlSyntaxError, 'undefined alias "*missing"');
  assertThrows(
    () => loadYaml("a: &x [1, *x]\n"),
    YamlSyntaxError,
    "refers to a node that contains it",
  );
});

Deno.test("loadYaml() stops an alias bomb", () => {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let level = 1; level < 9; level++) {
    const previous = String.fromCharCode(96 + level);
    const name = String.fromCharCode(97 + level);
    lines.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(",")}]`);
  }
  const started = performance.now();
  const error = assertThrows(() => loadYaml(lines.join("\n")), YamlSyntaxError);
  assertEquals(error.message.includes(`more than ${MAX_ALIAS_EXPANSION} nodes`), true);
  assert(performance.now() - started < 1000, "the limit stops the bomb quickly");
});

Deno.test("loadYaml() decodes !!binary to bytes", () => {
  const loaded = loadYaml("a: !!binary aGVsbG8=\nb: !!binary |\n  aGVs\n  bG8=\n") as Record<
    string,
    Uint8Array
  >;
  assertEquals(loaded.a, new TextEncoder().encode("hello"));
  assertEquals(loaded.b, new TextEncoder().encode("hello"));
});

Deno.test("loadYaml() rejects !!binary with bad padding", () => {
  assertThrows(() => loadYaml("a: !!binary YQ=\n"), YamlSyntaxError, "incorrect padding");
  assertThrows(() => loadYaml("a: !!binary YWJjZ\n"), YamlSyntaxError, "1 more than a multiple");
});

Deno.test("loadYaml() applies explicit standard tags", () => {
  const loaded = loadYaml(
    [
      "s: !!str 0644",
      "i: !!int '0x10'",
      "f: !!float 1e3",
      "b: !!bool 'Yes'",
      "n: !!null anything",
      "t: !!timestamp '2001-12-14'",
      "m: !!map {a: 1}",
      "q: !!seq [1]",
      "e: !!str",
      "x: ! '12'",
      "v: !<tag:yaml.org,2002:int> '7'",
    ].join("\n"),
  ) as Record<string, unknown>;
  assertEquals(loaded.s, "0644");
  assertEquals(loaded.i, 16);
  assertEquals(loaded.f, 1000);
  assertEquals(loaded.b, true);
  assertEquals(loaded.n, null);
  assertEquals((loaded.t as Date).toISOString(), "2001-12-14T00:00:00.000Z");
  assertEquals(loaded.m, { a: 1 });
  assertEquals(loaded.q, [1]);
  assertEquals(loaded.e, "");
  // The non-specific tag `!` resolves the text even when it is quoted.
  assertEquals(loaded.x, 12);
  assertEquals(loaded.v, 7);
});

Deno.test("loadYaml() builds !!set, !!omap and !!pairs", () => {
  const loaded = loadYaml(
    "s: !!set {a, b}\no: !!omap [x: 1, y: 2]\np: !!pairs [x: 1, x: 2]\n",
  );
  assertEquals(loaded, { s: ["a", "b"], o: [["x", 1], ["y", 2]], p: [["x", 1], ["x", 2]] });
});

Deno.test("loadYaml() rejects tags SafeLoader cannot construct", () => {
  const cases: [string, string][] = [
    ["a: !custom x\n", '"!custom"'],
    ["a: !!python/object:os.system {}\n", "tag:yaml.org,2002:python/object:os.system"],
    ["a: !!int [1]\n", "cannot be used on a sequence"],
    ["a: !!map x\n", "tag:yaml.org,2002:map"],
    ["a: !!int abc\n", 'Invalid !!int value "abc"'],
    ["a: !!bool y\n", 'Invalid !!bool value "y"'],
    ["a: !!timestamp 2001-13-01\n", "month 13"],
    ["a: 2001-02-29\n", "day 29"],
    ["a: 0b_\n", "Invalid !!int value"],
    ["a: <<\n", "key indicator"],
    ["a: =\n", "key indicator"],
  ];
  for (const [text, fragment] of cases) {
    const error = assertThrows(() => loadYaml(text), YamlSyntaxError);
    assertEquals(error.message.includes(fragment), true, `${text}: ${error.message}`);
    assertEquals(error.location.line, 1, text);
  }
});

Deno.test("loadYaml() converts keys as Python's str() prints them", () => {
  const loaded = loadYaml(
    "1: int\n0x10: hex\n1.5: float\n2.0: whole\nFalse: bool\n~: none\n2001-12-14: date\n=: value\n",
  );
  assertEquals(loaded, {
    "1": "int",
    "16": "hex",
    "1.5": "float",
    "2.0": "whole",
    "False": "bool",
    "None": "none",
    "2001-12-14": "date",
    "=": "value",
  });
});

Deno.test("loadYaml() treats 1, 1.0 and True as one key as Python does", () => {
  const warnings: Problem[] = [];
  const loaded = loadYaml("{1: a, 1.0: b, True: c}\n", { warnings });
  assertEquals(loaded, { "1": "c" });
  assertEquals(warnings.map((warning) => warning.code), ["duplicate-key", "duplicate-key"]);
});

Deno.test("loadYaml() rejects sequences and mappings as keys", () => {
  assertThrows(() => loadYaml("[1, 2]: x\n"), YamlSyntaxError, "unhashable key");
  assertThrows(() => loadYaml("? {a: 1}\n: x\n"), YamlSyntaxError, "unhashable key");
});

Deno.test("loadYaml() keeps __proto__ as an ordinary key", () => {
  const loaded = loadYaml("__proto__: {polluted: true}\n") as Record<string, unknown>;
  assertEquals(Object.getPrototypeOf(loaded), Object.prototype);
  assertEquals(Object.keys(loaded), ["__proto__"]);
  assertEquals(({} as Record<string, unknown>).polluted, undefined);
});

Deno.test("loadYaml() warns about duplicate keys and keeps the last", () => {
  const warnings: Problem[] = [];
  const loaded = loadYaml(
    "users:\n  - name: a\n  - name: b\n    name: c\nhostname: x\nhostname: y\n",
    { file: "user-data", warnings },
  );
  assertEquals(loaded, { users: [{ name: "a" }, { name: "c" }], hostname: "y" });
  assertEquals(warnings.length, 2);
  assertEquals(warnings[0].code, "duplicate-key");
  assertEquals(warnings[0].severity, "warning");
  assertEquals(warnings[0].path, "users[1].name");
  assertEquals(warnings[0].file, "user-data");
  assertEquals(warnings[0].line, 4);
  assertEquals(warnings[0].column, 5);
  assertEquals(warnings[1].path, "hostname");
  assertEquals(warnings[1].line, 6);
});

Deno.test("loadYaml() does not warn when an explicit key overrides a merged one", () => {
  const warnings: Problem[] = [];
  loadYaml("a: &a {x: 1}\nb:\n  <<: *a\n  x: 2\n", { warnings });
  assertEquals(warnings, []);
});

Deno.test("loadYaml() reads CRLF line ends without carriage returns", () => {
  const loaded = loadYaml("a: one\r\nb: |\r\n  line1\r\n  line2\r\nc: 'x\r\n  y'\r\n");
  assertEquals(loaded, { a: "one", b: "line1\nline2\n", c: "x y" });
});

Deno.test("loadYaml() ignores a byte order mark at the start", () => {
  assertEquals(loadYaml("\uFEFF#cloud-config\nhostname: h\n"), { hostname: "h" });
});

Deno.test("loadYaml() rejects a second document", () => {
  const error = assertThrows(() => loadFixture("two-documents.yaml.txt"), YamlSyntaxError);
  assertEquals(error.location, { file: "two-documents.yaml.txt", line: 4, column: 1 });
  assertEquals(
    error.message.startsWith("two-documents.yaml.txt:4:1: Found a second YAML document"),
    true,
  );
});

Deno.test("loadYaml() reports tab indentation with its line", () => {
  const error = assertThrows(() => loadFixture("tab-indent.yaml.txt"), YamlSyntaxError);
  assertEquals(error.location.line, 4);
  assertEquals(error.location.column, 1);
  assertEquals(error.message.includes("Tabs are not allowed as indentation"), true);
  assertEquals(error.message.includes("Indent with spaces"), true);
});

Deno.test("loadYaml() reports an unclosed flow list on the next line", () => {
  const error = assertThrows(() => loadFixture("unclosed-flow-list.yaml.txt"), YamlSyntaxError);
  assertEquals(error.location.file, "unclosed-flow-list.yaml.txt");
  assertEquals(error.location.line, 5);
  assertEquals(error.message.includes("Close the list with `]`"), true);
});

Deno.test("loadYaml() rejects absurdly deep nesting", () => {
  for (const text of ["[".repeat(5000) + "]".repeat(5000), "- ".repeat(5000) + "x\n"]) {
    assertThrows(() => loadYaml(text), YamlSyntaxError, "nested too deeply");
  }
});

Deno.test("loadYaml() reports errors in the first document before a second one", () => {
  const error = assertThrows(() => loadYaml("a: [\n---\nb: 1\n"), YamlSyntaxError, "Invalid YAML");
  assertEquals(error.location.line, 2);
});

Deno.test("loadYaml() rejects control characters with their position", () => {
  const error = assertThrows(() => loadYaml("a: 1\nb: x\u0007y\n"), YamlSyntaxError, "U+0007");
  assertEquals(error.location, { file: undefined, line: 2, column: 5 });
});

Deno.test("YamlSyntaxError is an InputError without a stack in its message", () => {
  const error = assertThrows(() => loadYaml("a: [1\n", { file: "f.yaml" }), YamlSyntaxError);
  assert(error instanceof InputError);
  assertEquals(error.message.startsWith("f.yaml:2:1: Invalid YAML:"), true);
  assertEquals(error.message.includes("\n"), false);
});

sharedTest("loadYaml() reports the broken corpus sample with its line", (shared) => {
  const path = `${shared}/corpus/egs/samples/cloud-configs/broken/invalid-yaml.yaml`;
  const error = assertThrows(
    () => loadYaml(Deno.readTextFileSync(path), { file: "invalid-yaml.yaml" }),
    YamlSyntaxError,
  );
  // PyYAML 6.0 reports line 14 too (column 9, where it meets the `:`).
  assertEquals(error.location.line, 14);
  assertEquals(error.location.file, "invalid-yaml.yaml");
  assertEquals(error.message.startsWith("invalid-yaml.yaml:14:"), true);
  assertEquals(error.message.includes("Close the list with `]`"), true);
});

sharedTest("loadYaml() reads the integer-forms fixture as PyYAML does", (shared) => {
  const path = `${shared}/corpus/egs/test/fixtures/cloud-init/eryph-yaml11-integer-forms.yaml`;
  assertEquals(loadYaml(Deno.readTextFileSync(path)), {
    apt_pipelining: 420,
    phone_home: { url: "http://169.254.169.254/phone-home/", tries: 5 },
    users: [
      { name: "octal-uid", uid: 420 },
      { name: "underscore-uid", uid: 1000 },
      { name: "hex-uid", uid: 1000 },
    ],
    yum_repos: { base: { baseurl: "http://example.invalid/base/", priority: 8 } },
  });
});

sharedTest("loadYaml() reads the lowercase-bool fixture as PyYAML does", (shared) => {
  const path =
    `${shared}/corpus/egs/test/fixtures/cloud-init/eryph-yaml11-lowercase-bool-tokens.yaml`;
  // The fixture's comment expects y and n to be booleans, but PyYAML 6.0
  // safe_load keeps them as strings, and cloud-init's behaviour is what counts.
  assertEquals(loadYaml(Deno.readTextFileSync(path)), {
    package_update: true,
    package_upgrade: false,
    package_reboot_if_required: true,
    preserve_hostname: false,
    ssh_pwauth: "y",
    disable_root: "n",
    manage_etc_hosts: true,
    resize_rootfs: false,
    ntp: { enabled: true },
    chpasswd: { expire: false },
    users: [{ name: "alice", lock_passwd: false }],
    power_state: { mode: "reboot", condition: true },
  });
});
