import { assertEquals, assertMatch } from "../_support/assert.ts";
import { runCli } from "../_support/cli.ts";

Deno.test("egs-service version prints the version", async () => {
  const result = await runCli("service", ["version"]);
  assertEquals(result.code, 0);
  assertMatch(result.stdout, /^egs-service \d+\.\d+\.\d+\n$/);
});

Deno.test("egs-tool version prints the version", async () => {
  const result = await runCli("tool", ["version"]);
  assertEquals(result.code, 0);
  assertMatch(result.stdout, /^egs-tool \d+\.\d+\.\d+\n$/);
});

Deno.test("egs-service exits 2 on an unknown command", async () => {
  const result = await runCli("service", ["no-such-command"]);
  assertEquals(result.code, 2);
  assertMatch(result.stderr, /unknown command 'no-such-command'/);
});

Deno.test("egs-tool --help exits 0", async () => {
  const result = await runCli("tool", ["--help"]);
  assertEquals(result.code, 0);
  assertMatch(result.stdout, /Usage: egs-tool/);
});
