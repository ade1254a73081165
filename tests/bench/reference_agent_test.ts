import { join } from "node:path";
import { decodePool } from "../../src/kvp/record.ts";
import { assertEquals, assertStringIncludes } from "../_support/assert.ts";
import { copyDebianRoot } from "../_support/debian_root.ts";
import { REPO_ROOT } from "../_support/shared.ts";
import {
  BENCH_META_DATA,
  BENCH_USER_DATA,
  checkProvisioned,
  writeSeed,
} from "./_provision_runs.ts";

const AGENT = join(REPO_ROOT, "tests", "bench", "_reference_agent.ts");

async function runAgent(args: string[]): Promise<Deno.CommandOutput> {
  return await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", AGENT, ...args],
    stdout: "piped",
    stderr: "piped",
  }).output();
}

Deno.test("reference agent rejects incomplete arguments", async () => {
  for (
    const args of [["run", "--seed", "/x", "--root", "/y"], ["minimal", "run", "--seed", "/x"]]
  ) {
    const output = await runAgent(args);
    assertEquals(output.success, false, args.join(" "));
    assertStringIncludes(new TextDecoder().decode(output.stderr), "Usage: minimal|required run");
  }
});

for (const variant of ["minimal", "required"]) {
  Deno.test({
    name: `${variant} reference provisions a minbase root`,
    // chroot and useradd need root; the root copy is the cached minbase root.
    ignore: Deno.uid() !== 0,
    async fn() {
      const work = await Deno.makeTempDir({ prefix: "egs-reference-agent-" });
      try {
        const seed = join(work, "seed");
        const root = join(work, "root");
        await writeSeed(seed, BENCH_USER_DATA, BENCH_META_DATA);
        await copyDebianRoot(root);

        const output = await runAgent([variant, "run", "--seed", seed, "--root", root]);

        assertEquals(output.code, 0, new TextDecoder().decode(output.stderr));
        await checkProvisioned(`the ${variant} reference`, root);
        const pool = await Deno.readFile(join(root, "var/lib/hyperv/.kvp_pool_1")).catch(() =>
          undefined
        );
        const state = pool && decodePool(pool).entries.get("eryph.provisioning.state");
        assertEquals(state, variant === "required" ? "completed" : undefined);
      } finally {
        await Deno.remove(work, { recursive: true });
      }
    },
  });
}
