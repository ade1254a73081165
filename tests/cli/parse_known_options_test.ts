import { type LongOption, parseKnownOptions } from "../../src/cli/parse_known_options.ts";
import { assertEquals } from "../_support/assert.ts";

const OPTIONS: LongOption[] = [
  { flag: "--dry-run" },
  { flag: "--seed", value: "<path>" },
  { flag: "--stage", value: "<stage>", choices: ["local", "final"] },
];

Deno.test("parseKnownOptions() reads flags and values", () => {
  assertEquals(parseKnownOptions(["--dry-run", "--seed", "/s", "--stage=final"], OPTIONS), {
    dryRun: true,
    seed: "/s",
    stage: "final",
  });
  assertEquals(parseKnownOptions([], OPTIONS), {});
});

Deno.test("parseKnownOptions() keeps the last repeat", () => {
  assertEquals(parseKnownOptions(["--seed", "/a", "--seed=/b"], OPTIONS), { seed: "/b" });
});

Deno.test("parseKnownOptions() accepts dashed inline values", () => {
  assertEquals(parseKnownOptions(["--seed=-odd"], OPTIONS), { seed: "-odd" });
});

Deno.test("parseKnownOptions() defers other forms", () => {
  const cases: [string, string[]][] = [
    ["an unknown option", ["--sed", "/s"]],
    ["help", ["--help"]],
    ["a short option", ["-h"]],
    ["a positional argument", ["extra"]],
    ["a missing value", ["--seed"]],
    ["a value that looks like an option", ["--seed", "--dry-run"]],
    ["a value outside the choices", ["--stage", "network"]],
    ["a value given to a flag", ["--dry-run=yes"]],
  ];
  for (const [label, argv] of cases) {
    assertEquals(parseKnownOptions(argv, OPTIONS), undefined, label);
  }
});
