import { resolve } from "node:path";
import { assertEquals, assertThrows } from "../_support/assert.ts";
import { UsageError } from "../../src/errors.ts";
import { resolveToolContext } from "../../src/tool/tool_context.ts";

Deno.test("resolveToolContext() makes socket and pool paths absolute", () => {
  const context = resolveToolContext({ transport: "unix:run/egs.sock", kvpDir: "kvp" });
  assertEquals(context, { transport: `unix:${resolve("run/egs.sock")}`, kvpDir: resolve("kvp") });
});

Deno.test("resolveToolContext() keeps other transports and rejects bad ones", () => {
  assertEquals(resolveToolContext({ transport: "tcp:127.0.0.1:2222" }), {
    transport: "tcp:127.0.0.1:2222",
  });
  assertEquals(resolveToolContext({}), {});
  assertThrows(() => resolveToolContext({ transport: "ftp:x" }), UsageError, '"ftp:x"');
});
