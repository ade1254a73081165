import { assertEquals, assertRejects, assertThrows } from "../_support/assert.ts";
import { OperationError, UsageError } from "../../src/errors.ts";
import { runSetShell, shellChanges } from "../../src/tool/commands/set_shell.ts";
import { parseVmTarget } from "../../src/tool/vm_target.ts";
import { captureOutput, FakeHostKvp } from "./_fake_host_kvp.ts";

const SHELL = "eryph:guest-services:shell";
const ARGS = "eryph:guest-services:shell-args";
const TARGET = parseVmTarget("cid:3");

Deno.test("shellChanges() trims the shell and deletes blank arguments", () => {
  assertEquals(shellChanges({ command: " /bin/sh ", arguments: "  " }), {
    [SHELL]: "/bin/sh",
    [ARGS]: null,
  });
  assertEquals(shellChanges({ command: "pwsh", arguments: " -NoLogo " }), {
    [SHELL]: "pwsh",
    [ARGS]: "-NoLogo",
  });
});

Deno.test("shellChanges() deletes both keys on reset", () => {
  assertEquals(shellChanges({ reset: true }), { [SHELL]: null, [ARGS]: null });
});

Deno.test("shellChanges() rejects conflicting or missing options", () => {
  assertThrows(() => shellChanges({ reset: true, command: "sh" }), UsageError, "--reset");
  assertThrows(() => shellChanges({ arguments: "-l" }), UsageError, "--command");
  assertThrows(() => shellChanges({ command: "  " }), UsageError, "--command");
});

Deno.test("runSetShell() writes the override when the guest supports it", async () => {
  const kvp = new FakeHostKvp({ guest: { "eryph:guest-services:features": "shell-override" } });
  await captureOutput(() => runSetShell(kvp, TARGET, { command: "/bin/sh", arguments: "-l" }));
  assertEquals(kvp.groups.external.get(SHELL), "/bin/sh");
  assertEquals(kvp.groups.external.get(ARGS), "-l");
});

Deno.test("runSetShell() fails without the shell-override feature", async () => {
  const kvp = new FakeHostKvp();
  await assertRejects(
    () => runSetShell(kvp, TARGET, { command: "/bin/sh" }),
    OperationError,
    "shell override",
  );
  assertEquals(kvp.updates, []);
});
