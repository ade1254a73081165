import { parseRunArguments, RUN_OPTIONS } from "../../src/service/commands/run_arguments.ts";
import { assertEquals, assertStringIncludes } from "../_support/assert.ts";
import { runCli } from "../_support/cli.ts";

Deno.test("parseRunArguments() reads a run line", () => {
  const argv = [
    "run",
    "--seed",
    "/seed",
    "--root=/target",
    "--stage",
    "final",
    "--dry-run",
    "--json",
    "--log-level",
    "debug",
  ];
  assertEquals(parseRunArguments(argv), {
    seed: "/seed",
    root: "/target",
    stage: "final",
    dryRun: true,
    format: "json",
    logLevel: "debug",
  });
  assertEquals(parseRunArguments(["run"]), { format: "text" });
});

Deno.test("parseRunArguments() defers to commander", () => {
  for (
    const argv of [
      ["validate", "user-data"],
      ["--log-level", "debug", "run"],
      ["run", "--help"],
      ["run", "--stage", "boot"],
      ["run", "--format", "yaml"],
      ["run", "--seeds", "/seed"],
      ["run", "--json", "--format", "text"],
    ]
  ) {
    assertEquals(parseRunArguments(argv), undefined, argv.join(" "));
  }
});

Deno.test("run --help lists every plain option", async () => {
  const result = await runCli("service", ["run", "--help"]);
  assertEquals(result.code, 0, result.stderr);
  for (const option of RUN_OPTIONS) {
    const usage = option.value === undefined ? option.flag : `${option.flag} ${option.value}`;
    assertStringIncludes(result.stdout, usage);
  }
});

Deno.test("--json conflicts with --format", async () => {
  for (
    const argv of [
      ["run", "--dry-run", "--json", "--format", "text"],
      ["status", "--format", "text", "--json"],
      ["render", "--json", "--format=yaml", "user-data"],
    ]
  ) {
    const result = await runCli("service", argv);
    assertEquals(result.code, 2, argv.join(" "));
    assertStringIncludes(result.stderr, "'--json' cannot be used with option '--format <format>'");
  }
});

Deno.test("run rejects an unknown stage", async () => {
  const result = await runCli("service", ["run", "--stage", "boot", "--dry-run"]);
  assertEquals(result.code, 2);
  assertStringIncludes(result.stderr, "boot");
});

Deno.test("run points a mistake to its help", async () => {
  const result = await runCli("service", ["run", "--bogus"]);
  assertEquals(result.code, 2);
  assertStringIncludes(result.stderr, "unknown option '--bogus'");
  assertStringIncludes(result.stderr, '(run "egs-service run --help" for its options)');
});

Deno.test("run names an option taken as a value", async () => {
  const result = await runCli("service", ["run", "--seed", "--root", "/tmp/egs-no-such-root"]);
  assertEquals(result.code, 2);
  assertStringIncludes(
    result.stderr,
    "option '--seed <path>' needs a value, but the next argument is the option '--root'",
  );
});

Deno.test("run keeps an option after -- as an operand", async () => {
  const result = await runCli("service", ["run", "--", "--seed", "--root"]);
  assertEquals(
    result.stderr.includes("needs a value, but the next argument"),
    false,
    result.stderr,
  );
});
