import { join } from "node:path";
import { assertEquals, assertStringIncludes } from "../_support/assert.ts";

const EXIT_WITH = new URL("../../src/cli/exit_with.ts", import.meta.url).href;

Deno.test("exitWith() reports an error without env access", async () => {
  const work = await Deno.makeTempDir({ prefix: "egs-exit-with-" });
  try {
    const script = join(work, "fail.ts");
    await Deno.writeTextFile(
      script,
      `import { exitWith } from "${EXIT_WITH}";\n` +
        `await exitWith(() => Promise.reject(new Error("the action failed")));\n`,
    );
    const output = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--no-prompt", `--allow-read=${work}`, script],
      env: { EGS_DEBUG: "1", NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stderr = new TextDecoder().decode(output.stderr);
    assertEquals(output.code, 1, stderr);
    assertStringIncludes(stderr, "error: the action failed");
    assertEquals(stderr.includes("NotCapable"), false, stderr);
  } finally {
    await Deno.remove(work, { recursive: true });
  }
});
