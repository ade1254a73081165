import { join } from "node:path";
import { assertEquals } from "../_support/assert.ts";
import { benchmarkScripts } from "./run_all.ts";
import { median, medianRun } from "./_validation_run.ts";

Deno.test("benchmarkScripts() skips helpers, tests and the runner", async () => {
  const dir = await Deno.makeTempDir({ prefix: "egs-bench-test-" });
  try {
    for (
      const name of [
        "b_bench.ts",
        "a_bench.ts",
        "_helper.ts",
        "run_all.ts",
        "x_test.ts",
        "notes.md",
      ]
    ) {
      await Deno.writeTextFile(join(dir, name), "");
    }
    await Deno.mkdir(join(dir, "folder.ts"));

    assertEquals(await benchmarkScripts(dir), ["a_bench.ts", "b_bench.ts"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("median() averages the middle pair of an even count", () => {
  assertEquals(median([3, 1, 2]), 2);
  assertEquals(median([4, 1, 3, 2]), 2.5);
});

Deno.test("medianRun() keeps the counts of the middle run", () => {
  const runs = [
    { seconds: 9, accepted: 1, rejected: 2, rejectedNames: ["a", "b"] },
    { seconds: 1, accepted: 3, rejected: 0, rejectedNames: [] },
    { seconds: 5, accepted: 2, rejected: 1, rejectedNames: ["a"] },
  ];
  assertEquals(medianRun(runs), { seconds: 5, accepted: 2, rejected: 1, rejectedNames: ["a"] });
});
