import { join } from "node:path";
import { assertEquals, assertStringIncludes } from "../_support/assert.ts";
import { runCli } from "../_support/cli.ts";

Deno.test("validate hints at --fetch-includes for includes", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const file = join(dir, "user-data");
    // Without --fetch-includes nothing is fetched, so the address is never contacted.
    await Deno.writeTextFile(file, "#include\nhttp://127.0.0.1:9/part.yaml\n");
    const result = await runCli("service", ["validate", "--user-data", file]);
    assertEquals(result.code, 0);
    assertStringIncludes(result.stdout + result.stderr, "Hint: Pass --fetch-includes");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
