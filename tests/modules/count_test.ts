import { count } from "../../src/modules/_count.ts";
import { assertEquals } from "../_support/assert.ts";

Deno.test("count() uses the singular for one", () => {
  assertEquals(count(1, "user"), "1 user");
  assertEquals(count(0, "user"), "0 users");
  assertEquals(count(3, "host key"), "3 host keys");
  assertEquals(count(2, "entry", "entries"), "2 entries");
});
