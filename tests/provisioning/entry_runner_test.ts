import { assertEquals, assertStringIncludes, assertThrows } from "../_support/assert.ts";
import { OperationError } from "../../src/errors.ts";
import { entryOutcome } from "../../src/provisioning/entry_outcome.ts";
import { getLogger, setupLogging } from "../../src/log/logging.ts";
import { findRebootLimit } from "../../src/provisioning/_reboot_limit.ts";
import { type CommandEntry, EntryRunner } from "../../src/provisioning/entry_runner.ts";
import { FakeProcesses } from "./_fakes.ts";

function shell(...commands: string[]): CommandEntry[] {
  return commands.map((command) => ({ command: { kind: "shell", command }, content: command }));
}

async function withProgressFile(fn: (path: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "egs-entries-" });
  try {
    await fn(`${dir}/entries/runcmd.json`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Creates a runner; a new runner over the same progress file simulates the next boot. */
function runner(
  processes: FakeProcesses,
  progressPath: string,
  overrides: { maxRebootsPerEntry?: number; allowLimitOverride?: boolean } = {},
): EntryRunner {
  return new EntryRunner({
    processes,
    progressPath,
    maxRebootsPerEntry: overrides.maxRebootsPerEntry ?? 10,
    allowLimitOverride: overrides.allowLimitOverride ?? true,
    log: getLogger("test", "entries"),
  });
}

Deno.test("EntryRunner continues with the next entry after exit 1001", async () => {
  await withProgressFile(async (path) => {
    const processes = new FakeProcesses().script("first", { code: 1001 });
    const entries = shell("first", "second");

    const beforeReboot = await runner(processes, path).run(entries);
    const afterReboot = await runner(processes, path).run(entries);

    assertEquals(beforeReboot.reboot?.entry, { index: 1, count: 1, limit: 10 });
    assertEquals(afterReboot.reboot, undefined);
    assertEquals(processes.commands(), ["first", "second"]);
  });
});

Deno.test("EntryRunner reruns an entry after exit 1003", async () => {
  await withProgressFile(async (path) => {
    const processes = new FakeProcesses().script("setup", { code: 1003 }, { code: 1003 }, {
      code: 0,
    });
    const entries = shell("setup", "after");

    const first = await runner(processes, path).run(entries);
    const second = await runner(processes, path).run(entries);
    const third = await runner(processes, path).run(entries);

    assertEquals(first.reboot?.after, "rerun");
    assertEquals(second.reboot?.entry, { index: 1, count: 2, limit: 10 });
    assertEquals(third.reboot, undefined);
    assertEquals(processes.commands(), ["setup", "setup", "setup", "after"]);
    assertEquals(processes.calls.map((call) => call.env.EGS_REBOOT_COUNT), ["0", "1", "2", "0"]);
    assertEquals(processes.calls.map((call) => call.env.EGS_ENTRY_INDEX), ["1", "1", "1", "2"]);
    assertEquals(processes.calls[0].env.EGS_REBOOT_LIMIT, "10");
  });
});

Deno.test("EntryRunner fails an entry past its reboot cap", async () => {
  await withProgressFile(async (path) => {
    const processes = new FakeProcesses().script(
      "loop",
      { code: 1003 },
      { code: 1003 },
      { code: 1003 },
    );
    const entries = shell("loop", "next");

    const first = await runner(processes, path, { maxRebootsPerEntry: 2 }).run(entries);
    const second = await runner(processes, path, { maxRebootsPerEntry: 2 }).run(entries);
    const third = await runner(processes, path, { maxRebootsPerEntry: 2 }).run(entries);

    assertEquals(first.reboot?.entry?.count, 1);
    assertEquals(second.reboot?.entry?.count, 2);
    assertEquals(third.reboot, undefined);
    assertEquals(third.failures.length, 1);
    assertEquals(third.failures[0].index, 1);
    assertEquals(
      third.failures[0].message,
      "Entry 1 requested a reboot (exit code 1003) after 2 reboots, its limit; " +
        "raise reboot.maxPerScript or print ##egs.reboot_limit=N to allow more.",
    );
    assertEquals(processes.commands(), ["loop", "loop", "loop", "next"]);
  });
});

Deno.test("EntryRunner raises the cap from ##egs.reboot_limit and keeps it", async () => {
  await withProgressFile(async (path) => {
    const processes = new FakeProcesses().script(
      "long",
      { code: 1003, stdout: "##egs.reboot_limit=5\nstep 1\n##egs.reboot_limit=3\n" },
      { code: 1003 },
      { code: 1003 },
      { code: 1003 },
      { code: 0 },
    );
    const entries = shell("long");
    const results = [];

    for (let boot = 0; boot < 5; boot++) {
      results.push(await runner(processes, path, { maxRebootsPerEntry: 2 }).run(entries));
    }

    assertEquals(results.map((result) => result.reboot?.entry?.limit), [
      3,
      3,
      3,
      undefined,
      undefined,
    ]);
    assertEquals(results[3].failures.length, 1);
    assertEquals(processes.calls.map((call) => call.env.EGS_REBOOT_LIMIT), ["2", "3", "3", "3"]);
  });
});

Deno.test("EntryRunner ignores ##egs.reboot_limit when override is disabled", async () => {
  await withProgressFile(async (path) => {
    const processes = new FakeProcesses().script(
      "long",
      { code: 1003, stdout: "##egs.reboot_limit=50\n" },
      { code: 1003 },
    );
    const entries = shell("long");
    const settings = { maxRebootsPerEntry: 1, allowLimitOverride: false };

    const first = await runner(processes, path, settings).run(entries);
    const second = await runner(processes, path, settings).run(entries);

    assertEquals(first.reboot?.entry?.limit, 1);
    assertEquals(second.reboot, undefined);
    assertEquals(second.failures.map((failure) => failure.index), [1]);
  });
});

Deno.test("EntryRunner reruns an edited entry from scratch", async () => {
  await withProgressFile(async (path) => {
    const processes = new FakeProcesses()
      .script("one", { code: 0 })
      .script("two", { code: 1001 })
      .script("one --edited", { code: 0 });

    await runner(processes, path).run(shell("one", "two", "three"));
    await runner(processes, path).run(shell("one --edited", "two", "three"));

    assertEquals(processes.commands(), ["one", "two", "one --edited", "three"]);
  });
});

Deno.test("EntryRunner logs other exit codes and runs the next entry", async () => {
  await withProgressFile(async (path) => {
    const processes = new FakeProcesses().script("broken", { code: 3 });

    const result = await runner(processes, path).run(shell("broken", "fine"));

    assertEquals(result.nonZeroExits, [{ index: 1, code: 3 }]);
    assertEquals(result.failures, []);
    assertEquals(processes.commands(), ["broken", "fine"]);
  });
});

Deno.test("EntryRunner reports failures from before a reboot", async () => {
  await withProgressFile(async (path) => {
    const processes = new FakeProcesses()
      .script("capped", { code: 1003 }, { code: 1003 })
      .script("broken", { code: 5 })
      .script("reboots", { code: 1001 });
    const entries = shell("capped", "broken", "reboots", "last");
    const settings = { maxRebootsPerEntry: 1 };

    const first = await runner(processes, path, settings).run(entries);
    const second = await runner(processes, path, settings).run(entries);
    const third = await runner(processes, path, settings).run(entries);

    assertEquals(first.reboot?.entry?.index, 1);
    assertEquals(second.reboot?.entry?.index, 3);
    assertEquals(third.reboot, undefined);
    assertEquals(third.failures.map((failure) => failure.index), [1]);
    assertEquals(third.nonZeroExits, [{ index: 2, code: 5 }]);
    assertEquals(processes.commands(), ["capped", "capped", "broken", "reboots", "last"]);
  });
});

Deno.test("EntryRunner does not rerun entries completed before a reboot", async () => {
  await withProgressFile(async (path) => {
    const processes = new FakeProcesses().script("third", { code: 1001 });
    const entries = shell("first", "second", "third", "fourth");

    await runner(processes, path).run(entries);
    await runner(processes, path).run(entries);

    assertEquals(processes.commands(), ["first", "second", "third", "fourth"]);
  });
});

Deno.test("findRebootLimit() takes the last valid line", () => {
  const cases: [string, number | undefined][] = [
    ["", undefined],
    ["##egs.reboot_limit=4\n", 4],
    ["##egs.reboot_limit=4\r\nmore\r\n##egs.reboot_limit=7\r\n", 7],
    ["##egs.reboot_limit=4\n##egs.reboot_limit=0\n", 4],
    ["##egs.reboot_limit=-2\n##egs.reboot_limit=x\n", undefined],
    ["echo ##egs.reboot_limit=9\n", undefined],
    ["  ##egs.reboot_limit=12  \n", 12],
  ];
  for (const [stdout, expected] of cases) {
    assertEquals(findRebootLimit(stdout), expected, JSON.stringify(stdout));
  }
});

Deno.test("entryOutcome() maps reboots, caps and exit codes", () => {
  const reboot = { reason: "entry 1 exited with code 1001", after: "rerun" as const };

  assertEquals(entryOutcome({ reboot, failures: [], nonZeroExits: [] }), {
    status: "reboot",
    reboot,
  });
  assertEquals(entryOutcome({ failures: [], nonZeroExits: [] }), {
    status: "applied",
    message: undefined,
  });
  assertEquals(entryOutcome({ failures: [], nonZeroExits: [{ index: 2, code: 7 }] }), {
    status: "applied",
    message: "entries 2 (exit 7) failed",
  });
  assertThrows(
    () =>
      entryOutcome({
        failures: [{ index: 3, message: "Entry 3 requested a reboot." }],
        nonZeroExits: [],
      }),
    OperationError,
    "Entry 3 requested a reboot.",
  );
});

Deno.test("EntryRunner logs a failed entry once, with its stderr", async () => {
  await withProgressFile(async (path) => {
    const processes = new FakeProcesses().script("broken", { code: 3, stderr: "no such file\n" });
    const logs: string[] = [];
    setupLogging({ level: "debug", format: "json", write: (line) => logs.push(line) });
    try {
      await runner(processes, path).run(shell("broken"));
    } finally {
      setupLogging({ level: "error", format: "json", write: () => {} });
    }

    assertEquals(processes.calls.map((call) => call.logFailure), [false]);
    const warnings = logs.filter((line) => line.includes('"level":"WARN"'));
    assertEquals(warnings.length, 1, logs.join("\n"));
    assertStringIncludes(warnings[0], 'exited with code 3: \\"no such file\\"; continuing');
  });
});
