import {
  LinuxProcesses,
  widenRebootExitCode,
} from "../../../src/platform/linux/linux_processes.ts";
import { setupLogging } from "../../../src/log/logging.ts";
import { assert, assertEquals, assertStringIncludes } from "../../_support/assert.ts";

Deno.test("LinuxProcesses.buildArgv() prefixes chroot under a root", () => {
  const chrooted = new LinuxProcesses({ root: "/tmp/target" });
  assertEquals(chrooted.buildArgv({ kind: "argv", argv: ["useradd", "bob"] }), [
    "chroot",
    "/tmp/target",
    "useradd",
    "bob",
  ]);
  assertEquals(chrooted.buildArgv({ kind: "shell", command: "echo hi" }), [
    "chroot",
    "/tmp/target",
    "/bin/sh",
    "-c",
    "echo hi",
  ]);
  assertEquals(
    chrooted.buildArgv({
      kind: "script",
      path: "/tmp/target/var/lib/eryph/provisioning/scripts/a.sh",
    }),
    ["chroot", "/tmp/target", "/var/lib/eryph/provisioning/scripts/a.sh"],
  );
  assertEquals(
    chrooted.buildArgv({ kind: "argv", argv: ["ls"] }, "/srv"),
    [
      "chroot",
      "/tmp/target",
      "/bin/sh",
      "-c",
      'cd -- "$1" && shift && exec "$@"',
      "egs-cwd",
      "/srv",
      "ls",
    ],
  );
});

Deno.test("LinuxProcesses.buildArgv() runs commands as given without a root", () => {
  const live = new LinuxProcesses();
  assertEquals(live.buildArgv({ kind: "argv", argv: ["true"] }), ["true"]);
  assertEquals(live.buildArgv({ kind: "shell", command: "exit 3" }), ["/bin/sh", "-c", "exit 3"]);
  assertEquals(live.buildArgv({ kind: "script", path: "/tmp/s.sh" }), ["/tmp/s.sh"]);
});

Deno.test("LinuxProcesses.run() returns code, output and passes stdin and env", async () => {
  const processes = new LinuxProcesses();
  const result = await processes.run(
    { kind: "shell", command: 'read line; echo "$line/$EGS_TEST_VALUE"; echo warn >&2; exit 3' },
    { stdin: new TextEncoder().encode("in\n"), env: { EGS_TEST_VALUE: "v" } },
  );
  assertEquals(result, { code: 3, stdout: "in/v\n", stderr: "warn\n" });
});

Deno.test("LinuxProcesses.run() uses the working folder", async () => {
  const folder = await Deno.realPath(await Deno.makeTempDir({ prefix: "egs-cwd-" }));
  try {
    const result = await new LinuxProcesses().run({ kind: "argv", argv: ["pwd"] }, { cwd: folder });
    assertEquals(result.stdout.trim(), folder);
  } finally {
    await Deno.remove(folder);
  }
});

Deno.test("LinuxProcesses.run() returns 128 + N for a signal", async () => {
  const result = await new LinuxProcesses().run({ kind: "shell", command: "kill -TERM $$" });
  assertEquals(result.code, 143);
});

Deno.test("LinuxProcesses.run() kills a command after its timeout", async () => {
  const started = performance.now();
  const result = await new LinuxProcesses().run({ kind: "argv", argv: ["sleep", "30"] }, {
    timeoutSeconds: 0.2,
  });
  assertEquals(result.code, 143);
  assertStringIncludes(result.stderr, "timeout of 0.2 s");
  assert(performance.now() - started < 5_000, "the timeout did not stop the command");
});

Deno.test("LinuxProcesses.run() runs a script file", async () => {
  const script = await Deno.makeTempFile({ prefix: "egs-script-", suffix: ".sh" });
  try {
    await Deno.writeTextFile(script, "#!/bin/sh\necho script-ran\n");
    await Deno.chmod(script, 0o755);
    const result = await new LinuxProcesses().run({ kind: "script", path: script });
    assertEquals([result.code, result.stdout], [0, "script-ran\n"]);
  } finally {
    await Deno.remove(script);
  }
});

Deno.test("LinuxProcesses.run() logs a logAs name, not the argv", async () => {
  const logs: string[] = [];
  setupLogging({ level: "debug", format: "json", write: (line) => logs.push(line) });
  try {
    const processes = new LinuxProcesses();
    await processes.run({ kind: "shell", command: "echo s3cret-token >&2; exit 3" }, {
      logAs: "entry 1",
    });
  } finally {
    setupLogging({ level: "error", format: "json", write: () => {} });
  }
  const text = logs.join("\n");
  assertStringIncludes(text, 'Running \\"entry 1\\".');
  assertStringIncludes(text, "exited with code 3");
  assertEquals(text.includes("echo s3cret-token"), false, text);
});

Deno.test("LinuxProcesses.run() honours logFailure: false", async () => {
  const logs: string[] = [];
  setupLogging({ level: "debug", format: "json", write: (line) => logs.push(line) });
  try {
    const processes = new LinuxProcesses();
    const result = await processes.run({ kind: "shell", command: "exit 4" }, {
      logFailure: false,
    });
    assertEquals(result.code, 4);
  } finally {
    setupLogging({ level: "error", format: "json", write: () => {} });
  }
  const text = logs.join("\n");
  assertStringIncludes(text, "Running");
  assertEquals(text.includes("exited with code"), false, text);
});

Deno.test("widenRebootExitCode() restores 1001 and 1003", () => {
  assertEquals(widenRebootExitCode(233), 1001);
  assertEquals(widenRebootExitCode(235), 1003);
  assertEquals(widenRebootExitCode(0), 0);
  assertEquals(widenRebootExitCode(234), 234);
  assertEquals(widenRebootExitCode(137), 137);
});
