import { assertEquals } from "../../_support/assert.ts";
import {
  pythonBytesRepr,
  pythonFloatRepr,
  pythonKeyIdentity,
  pythonStr,
} from "../../../src/cloudconfig/yaml/python_text.ts";

Deno.test("pythonFloatRepr() formats floats as Python's repr()", () => {
  const cases: [number, string][] = [
    [1, "1.0"],
    [1.5, "1.5"],
    [-0, "-0.0"],
    [0, "0.0"],
    [100, "100.0"],
    [0.0001, "0.0001"],
    [0.00001, "1e-05"],
    [1.5e-7, "1.5e-07"],
    [1e15, "1000000000000000.0"],
    [1e16, "1e+16"],
    [1.2345e20, "1.2345e+20"],
    [0.1 + 0.2, "0.30000000000000004"],
    [Infinity, "inf"],
    [-Infinity, "-inf"],
    [NaN, "nan"],
  ];
  for (const [value, expected] of cases) assertEquals(pythonFloatRepr(value), expected, `${value}`);
});

Deno.test("pythonBytesRepr() escapes as Python's repr() of bytes", () => {
  assertEquals(
    pythonBytesRepr(new Uint8Array([0x61, 0x00, 0x0a, 0x5c, 0xff])),
    "b'a\\x00\\n\\\\\\xff'",
  );
  assertEquals(pythonBytesRepr(new TextEncoder().encode("it's")), `b"it's"`);
  assertEquals(pythonBytesRepr(new TextEncoder().encode(`'"`)), `b'\\'"'`);
});

Deno.test("pythonStr() formats scalars as Python's str()", () => {
  assertEquals(pythonStr(null), "None");
  assertEquals(pythonStr(true), "True");
  assertEquals(pythonStr(false), "False");
  assertEquals(pythonStr(2), "2");
  assertEquals(pythonStr(2, true), "2.0");
  assertEquals(pythonStr(10n ** 20n), "100000000000000000000");
  assertEquals(pythonStr("text"), "text");
  assertEquals(pythonStr([1]), undefined);
  assertEquals(pythonStr({}), undefined);
});

Deno.test("pythonKeyIdentity() matches Python's dict key equality", () => {
  assertEquals(pythonKeyIdentity(1), pythonKeyIdentity(true));
  assertEquals(pythonKeyIdentity(1, true), pythonKeyIdentity(1));
  assertEquals(pythonKeyIdentity(0), pythonKeyIdentity(false));
  assertEquals(pythonKeyIdentity(-0, true), pythonKeyIdentity(0));
  assertEquals(pythonKeyIdentity("1") === pythonKeyIdentity(1), false);
  assertEquals(pythonKeyIdentity(null) === pythonKeyIdentity("None"), false);
});
