import { parseMappings, trimProcessMemory } from "../../ffi/memory_trim.ts";
import { assert, assertEquals } from "../_support/assert.ts";

Deno.test("parseMappings() keeps file mappings with their ranges and drops the rest", () => {
  const maps = [
    "55d0c0a00000-55d0c0b00000 r--p 00000000 fe:01 1234   /usr/bin/deno",
    "55d0c0b00000-55d0c0c00000 r-xp 00100000 fe:01 1234   /usr/bin/deno",
    "7f0000000000-7f0000021000 rw-p 00000000 00:00 0 ",
    "7f0000100000-7f0000200000 r--p 00000000 fe:01 99     /tmp/old lib.so (deleted)",
    "7ffd00000000-7ffd00021000 rw-p 00000000 00:00 0      [stack]",
  ].join("\n");
  assertEquals(parseMappings(maps), [
    { start: 0x55d0c0a00000n, end: 0x55d0c0b00000n, path: "/usr/bin/deno" },
    { start: 0x55d0c0b00000n, end: 0x55d0c0c00000n, path: "/usr/bin/deno" },
    { start: 0x7f0000100000n, end: 0x7f0000200000n, path: "/tmp/old lib.so" },
  ]);
});

Deno.test({
  name: "trimProcessMemory() pages out the runtime's file mappings and the process goes on",
  ignore: Deno.build.os !== "linux",
  fn() {
    const outcome = trimProcessMemory();
    assert(outcome.mappings > 0, "no mapping of the executable was paged out");
    // Code paged out faults back in: the runtime still works.
    assertEquals(JSON.parse(JSON.stringify({ alive: [1, 2, 3] })), { alive: [1, 2, 3] });
  },
});
