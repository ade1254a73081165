import { assertEquals } from "../../_support/assert.ts";
import { loadYaml } from "../../../src/cloudconfig/yaml/load_yaml.ts";
import { toPlainJson } from "../../../src/cloudconfig/yaml/to_plain.ts";

Deno.test("toPlainJson() writes bytes as base64", () => {
  assertEquals(toPlainJson(loadYaml("a: !!binary aGVsbG8=\n")), { a: "aGVsbG8=" });
});

Deno.test("toPlainJson() writes timestamps as PyYAML shows them", () => {
  const loaded = loadYaml(
    "d: 2001-12-14\nz: 2001-12-14t21:59:43.10-05:00\nn: 2001-12-14 21:59:43\nu: 2001-12-15 2:59:43.10 Z\n",
  );
  assertEquals(toPlainJson(loaded), {
    d: "2001-12-14",
    z: "2001-12-14 21:59:43.100000-05:00",
    n: "2001-12-14 21:59:43",
    u: "2001-12-15 02:59:43.100000+00:00",
  });
});

Deno.test("toPlainJson() writes a Date it did not load as UTC", () => {
  assertEquals(
    toPlainJson(new Date("2020-01-02T03:04:05.006Z")),
    "2020-01-02 03:04:05.006000+00:00",
  );
});

Deno.test("toPlainJson() writes big integers as numbers or text", () => {
  assertEquals(toPlainJson(12n), 12);
  assertEquals(toPlainJson(123456789012345678901234n), "123456789012345678901234");
});

Deno.test("toPlainJson() writes non-finite floats as YAML words", () => {
  assertEquals(toPlainJson([Infinity, -Infinity, NaN, 1.5]), [".inf", "-.inf", ".nan", 1.5]);
});

Deno.test("toPlainJson() copies aliased values at every use", () => {
  const loaded = loadYaml("a: &x [1]\nb: *x\n");
  const plain = toPlainJson(loaded) as Record<string, unknown[]>;
  assertEquals(plain, { a: [1], b: [1] });
  assertEquals(plain.a === plain.b, false);
});

Deno.test("toPlainJson() keeps __proto__ as a key", () => {
  const plain = toPlainJson(loadYaml("__proto__: 1\n")) as Record<string, unknown>;
  assertEquals(Object.keys(plain), ["__proto__"]);
  assertEquals(JSON.stringify(plain), '{"__proto__":1}');
});
