import { assertEquals, assertRejects, assertStringIncludes } from "../_support/assert.ts";
import { sharedTest } from "../_support/shared.ts";
import { loadCloudConfig } from "../../src/cloudconfig/load.ts";
import { OperationError } from "../../src/errors.ts";
import fc from "fast-check";
import { shellQuote } from "../../src/modules/_shell_quote.ts";
import { bootcmdModule } from "../../src/modules/bootcmd.ts";
import { runcmdModule } from "../../src/modules/runcmd.ts";
import { createTestContext } from "./_fakes.ts";

const quoteCases: [string[], string][] = [
  [["echo", "hello"], "echo hello"],
  [["echo", "two words"], "echo 'two words'"],
  [["echo", "it's"], `echo 'it'\\''s'`],
  [["sh", "-c", 'echo "$1"'], `sh -c 'echo "$1"'`],
  [["echo", ""], "echo ''"],
  [["install", "-m", "0700", "/etc/x"], "install -m 0700 /etc/x"],
];

for (const [argv, expected] of quoteCases) {
  Deno.test(`shellQuote() quotes ${JSON.stringify(argv)}`, () => {
    assertEquals(shellQuote(argv), expected);
  });
}

Deno.test("runcmd runs strings and argv lists in order", async () => {
  await using test = await createTestContext({
    runcmd: ["echo one", ["echo", "two words"], null],
  });
  const outcome = await test.run(runcmdModule);
  assertEquals(outcome.status, "applied");
  assertEquals(test.platform.processes.commands(), ["echo one", "echo 'two words'"]);
});

Deno.test("runcmd fails naming runcmd[1] before any entry runs", async () => {
  await using test = await createTestContext(
    { runcmd: ["echo first > /var/tmp/bug08-first", 42] },
    { untyped: ["runcmd"] },
  );
  const error = await assertRejects(() => test.run(runcmdModule), OperationError);
  assertStringIncludes(error.message, "runcmd[1]");
  assertStringIncludes(error.message, "the number 42");
  assertEquals(test.platform.processes.commands(), []);
});

Deno.test("runcmd requests a reboot when an entry exits 1001", async () => {
  await using test = await createTestContext({ runcmd: ["first", "second"] });
  test.platform.processes.script("first", { code: 1001 });
  const outcome = await test.run(runcmdModule);
  assertEquals(outcome.status, "reboot");
  assertEquals(test.platform.processes.commands(), ["first"]);
});

Deno.test("runcmd reports non-zero exits and runs the rest", async () => {
  await using test = await createTestContext({ runcmd: ["false", "true"] });
  test.platform.processes.script("false", { code: 1 });
  const outcome = await test.run(runcmdModule);
  assertEquals(outcome, { status: "applied", message: "entries 1 (exit 1) failed" });
  assertEquals(test.platform.processes.commands(), ["false", "true"]);
});

sharedTest("runcmd keeps the source text of argv items", async (shared) => {
  const text = await Deno.readTextFile(`${shared}/cases/bug-08/user-data`);
  await using test = await createTestContext(loadCloudConfig(text));
  await test.run(runcmdModule);
  const lastWords = test.platform.processes.commands().map((command) => command.split(" ").pop());
  assertEquals(lastWords, ["0700", "0700", "yes", "1.10"]);
});

sharedTest("runcmd with a bare integer fails and runs nothing", async (shared) => {
  const text = await Deno.readTextFile(`${shared}/cases/bug-08/user-data.bare-int`);
  await using test = await createTestContext(loadCloudConfig(text), { untyped: ["runcmd"] });
  const error = await assertRejects(() => test.run(runcmdModule), OperationError);
  assertStringIncludes(error.message, "runcmd[1]");
  assertEquals(test.platform.processes.commands(), []);
});

Deno.test("bootcmd puts INSTANCE_ID in each entry's environment", async () => {
  await using test = await createTestContext({ bootcmd: ["echo $INSTANCE_ID", ["echo", "x"]] });
  await test.run(bootcmdModule);
  const calls = test.platform.processes.calls;
  assertEquals(calls.map((call) => call.command), ["echo $INSTANCE_ID", "echo x"]);
  assertEquals(calls.map((call) => call.env.INSTANCE_ID), ["iid-test", "iid-test"]);
});

Deno.test("bootcmd is an always module of the network stage", () => {
  assertEquals([bootcmdModule.stage, bootcmdModule.frequency], ["network", "always"]);
  assertEquals([runcmdModule.stage, runcmdModule.frequency], ["config", "per-instance"]);
});

Deno.test({
  name: "shellQuote() round-trips words through /bin/sh",
  ignore: Deno.build.os === "windows",
  fn: async () => {
    const words = fc.sample(
      fc.array(fc.string({ unit: "binary", minLength: 0, maxLength: 12 }), {
        minLength: 1,
        maxLength: 6,
      }),
      40,
    ).flat().map((word) => word.replaceAll("\0", ""));
    words.push("it's", '"$HOME"', "`id`", "a b\tc\nd", "*", "~", "!x", "");
    const script = `printf '%s\\0' ${shellQuote(words)}`;
    const output = await new Deno.Command("/bin/sh", { args: ["-c", script] }).output();
    const printed = new TextDecoder().decode(output.stdout).split("\0").slice(0, -1);
    assertEquals(printed, words);
  },
});
