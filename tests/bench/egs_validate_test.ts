import { join } from "node:path";
import { assertEquals, assertRejects } from "../_support/assert.ts";
import { REPO_ROOT } from "../_support/shared.ts";
import { runEgsValidate } from "./_egs_validate.ts";

const fromSource = {
  label: "deno run",
  argv: [Deno.execPath(), "run", "--allow-all", join(REPO_ROOT, "src", "service", "main.ts")],
};

Deno.test("runEgsValidate() counts invalid and unparseable files as rejected", async () => {
  const dir = await Deno.makeTempDir({ prefix: "egs-bench-validate-" });
  try {
    await Deno.writeTextFile(join(dir, "valid.yaml"), "#cloud-config\nhostname: web\n");
    await Deno.writeTextFile(join(dir, "invalid.yaml"), "#cloud-config\nruncmd: 5\n");
    await Deno.writeTextFile(join(dir, "unparseable.yaml"), "#cloud-config\nkey: [unclosed\n");

    const run = await runEgsValidate(fromSource, dir);

    assertEquals(run.accepted, 1);
    assertEquals(run.rejected, 2);
    assertEquals(run.rejectedNames, ["invalid.yaml", "unparseable.yaml"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("runEgsValidate() rejects output that is not a JSON report", async () => {
  const launcher = { label: "echo", argv: ["echo"] };
  await assertRejects(
    () => runEgsValidate(launcher, "/nonexistent"),
    Error,
    "without a JSON report",
  );
});
