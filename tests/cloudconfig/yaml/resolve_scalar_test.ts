import { assertEquals } from "../../_support/assert.ts";
import { loadYaml } from "../../../src/cloudconfig/yaml/load_yaml.ts";
import { resolvePlainScalarTag, YamlTag } from "../../../src/cloudconfig/yaml/resolve_scalar.ts";

/** Loads `value: <text>` and returns what the plain scalar became. */
function loadPlain(text: string): unknown {
  return (loadYaml(`value: ${text}\n`) as { value: unknown }).value;
}

// Each row is checked against PyYAML 6.0 `yaml.safe_load`.
const RESOLUTIONS: [text: string, expected: unknown][] = [
  // Booleans: only these 18 words, in three cases each.
  ["yes", true],
  ["Yes", true],
  ["YES", true],
  ["no", false],
  ["No", false],
  ["NO", false],
  ["true", true],
  ["True", true],
  ["TRUE", true],
  ["false", false],
  ["False", false],
  ["FALSE", false],
  ["on", true],
  ["On", true],
  ["ON", true],
  ["off", false],
  ["Off", false],
  ["OFF", false],
  // YAML 1.1 lists y/n as booleans, but PyYAML never resolves them.
  ["y", "y"],
  ["Y", "Y"],
  ["n", "n"],
  ["N", "N"],
  ["yEs", "yEs"],
  ["tRUE", "tRUE"],
  // Nulls.
  ["~", null],
  ["null", null],
  ["Null", null],
  ["NULL", null],
  ["", null],
  ["nULL", "nULL"],
  // Integers in every base.
  ["0", 0],
  ["-0", 0],
  ["42", 42],
  ["+42", 42],
  ["-42", -42],
  ["1_000", 1000],
  ["0b101", 5],
  ["-0b101", -5],
  ["0b1_0", 2],
  ["0644", 420],
  ["0700", 448],
  ["0755", 493],
  ["010", 8],
  ["-010", -8],
  ["0x1F", 31],
  ["0x1f", 31],
  ["0xFF_FF", 65535],
  ["1:20", 80],
  ["-1:20", -80],
  ["190:20:30", 685230],
  // Not integers: 8 and 9 are not octal digits, YAML 1.2's 0o prefix is unknown.
  ["09", "09"],
  ["08", "08"],
  ["0o17", "0o17"],
  ["0B101", "0B101"],
  ["0X1F", "0X1F"],
  // Floats only in the forms PyYAML's pattern allows.
  ["1.5", 1.5],
  ["-1.5", -1.5],
  ["1.", 1],
  ["1.0e+3", 1000],
  ["1.0E-3", 0.001],
  ["1_000.5_5", 1000.55],
  [".5", 0.5],
  ["190:20:30.15", 685230.15],
  [".inf", Infinity],
  ["-.inf", -Infinity],
  ["+.Inf", Infinity],
  [".INF", Infinity],
  ["1e3", "1e3"],
  ["1.0e3", "1.0e3"],
  ["-.5", "-.5"],
  ["inf", "inf"],
  ["nan", "nan"],
  ["1,000", "1,000"],
  // Other words stay strings.
  ["<<x", "<<x"],
  ["hello world", "hello world"],
];

Deno.test("loadYaml() resolves plain scalars as PyYAML does", () => {
  for (const [text, expected] of RESOLUTIONS) {
    assertEquals(loadPlain(text), expected, `plain scalar ${JSON.stringify(text)}`);
  }
});

Deno.test("loadYaml() reads .nan in every case as NaN", () => {
  for (const text of [".nan", ".NaN", ".NAN"]) {
    assertEquals(Number.isNaN(loadPlain(text)), true, text);
  }
});

Deno.test("loadYaml() keeps quoted scalars as strings", () => {
  const loaded = loadYaml("a: 'yes'\nb: \"0644\"\nc: '~'\nd: |\n  1.5\ne: ''\n");
  assertEquals(loaded, { a: "yes", b: "0644", c: "~", d: "1.5\n", e: "" });
});

Deno.test("loadYaml() reads integers beyond 2^53 as bigint", () => {
  assertEquals(loadPlain("123456789012345678901234"), 123456789012345678901234n);
  assertEquals(loadPlain("-0x20000000000001"), -0x20000000000001n);
  assertEquals(loadPlain("9007199254740991"), 9007199254740991);
});

Deno.test("loadYaml() reads timestamps in PyYAML's forms", () => {
  const cases: [string, string][] = [
    ["2001-12-14", "2001-12-14T00:00:00.000Z"],
    ["2001-12-14t21:59:43.10-05:00", "2001-12-15T02:59:43.100Z"],
    ["2001-12-14 21:59:43.10 -5", "2001-12-15T02:59:43.100Z"],
    ["2001-12-14 21:59:43.10", "2001-12-14T21:59:43.100Z"],
    ["2001-12-15 2:59:43.10 Z", "2001-12-15T02:59:43.100Z"],
    ["2002-12-14", "2002-12-14T00:00:00.000Z"],
  ];
  for (const [text, iso] of cases) {
    const value = loadPlain(text);
    assertEquals(value instanceof Date, true, text);
    assertEquals((value as Date).toISOString(), iso, text);
  }
  // One-digit months are valid only together with a time.
  assertEquals(loadPlain("2001-1-4"), "2001-1-4");
});

Deno.test("resolvePlainScalarTag() returns the merge and value tags", () => {
  assertEquals(resolvePlainScalarTag("<<"), YamlTag.merge);
  assertEquals(resolvePlainScalarTag("="), YamlTag.value);
  assertEquals(resolvePlainScalarTag("=="), YamlTag.str);
});
