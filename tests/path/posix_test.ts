import { posix } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import * as ours from "../../src/path/_posix.ts";
import { assertEquals, assertThrows } from "../_support/assert.ts";

// Segments and slash runs that reach every branch: dots, empty segments,
// repeated and trailing slashes, and a leading `//`.
const segment = fc.constantFrom("a", "b", ".", "..", "", "c.txt", ".x");
const path = fc.tuple(
  fc.constantFrom("", "/", "//", "///"),
  fc.array(segment, { maxLength: 6 }).map((segments) => segments.join("/")),
  fc.constantFrom("", "/", "//"),
).map(([head, body, tail]) => head + body + tail);

Deno.test("posix one-path functions match node:path", () => {
  fc.assert(
    fc.property(path, (value) => {
      assertEquals(ours.normalize(value), posix.normalize(value), `normalize(${value})`);
      assertEquals(ours.dirname(value), posix.dirname(value), `dirname(${value})`);
      assertEquals(ours.basename(value), posix.basename(value), `basename(${value})`);
      assertEquals(ours.isAbsolute(value), posix.isAbsolute(value), `isAbsolute(${value})`);
    }),
    { numRuns: 5000 },
  );
});

Deno.test("posix join, resolve, relative match node:path", () => {
  fc.assert(
    fc.property(fc.array(path, { maxLength: 4 }), (values) => {
      assertEquals(ours.join(...values), posix.join(...values), `join(${values})`);
      assertEquals(ours.resolve(...values), posix.resolve(...values), `resolve(${values})`);
      const [from = "", to = ""] = values;
      assertEquals(ours.relative(from, to), posix.relative(from, to), `relative(${from}, ${to})`);
    }),
    { numRuns: 5000 },
  );
});

Deno.test("fromFileUrl() decodes like node:url", () => {
  for (const url of ["file:///a/b%20c", "file://localhost/x", "file:///%E2%82%AC/y", "file:///"]) {
    assertEquals(ours.fromFileUrl(url), fileURLToPath(url), url);
  }
  assertEquals(ours.fromFileUrl(new URL("file:///seed/user-data")), "/seed/user-data");
});

Deno.test("fromFileUrl() rejects foreign URLs", () => {
  assertThrows(() => ours.fromFileUrl("http://example.invalid/a"), TypeError, "not a file: URL");
  assertThrows(() => ours.fromFileUrl("file://server/share"), TypeError, "names no host");
  assertThrows(() => ours.fromFileUrl("file:///a%2Fb"), TypeError, 'encodes a "/"');
});
