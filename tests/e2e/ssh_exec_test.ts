import { assert, assertEquals, assertMatch, assertStringIncludes } from "../_support/assert.ts";
import { type RunningDaemon, sshArgs, startDaemon } from "../ssh/_daemon_harness.ts";

interface ExecCase {
  command: string;
  code: number;
  stdout: string;
  stderr?: RegExp;
}

// Exit status propagation, as an OpenSSH sshd reports it (RFC 4254 section 6.10).
const EXIT_CASES: ExecCase[] = [
  { command: "true", code: 0, stdout: "" },
  { command: "false", code: 1, stdout: "" },
  { command: "exit 3", code: 3, stdout: "" },
  { command: "echo out; echo err 1>&2; exit 7", code: 7, stdout: "out\n", stderr: /^err\n$/ },
  { command: "cat /nonexistent-bug16", code: 1, stdout: "", stderr: /No such file or directory/ },
];

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await fn();
  return [result, performance.now() - started];
}

Deno.test("daemon exec sessions with the OpenSSH client", async (t) => {
  const daemon = await startDaemon();
  try {
    for (const testCase of EXIT_CASES) {
      await t.step(`exec ${JSON.stringify(testCase.command)} exits ${testCase.code}`, async () => {
        const [result, elapsed] = await timed(() => daemon.ssh([testCase.command]));
        assertEquals(result.code, testCase.code, result.stderr);
        assertEquals(result.text, testCase.stdout);
        if (testCase.stderr !== undefined) assertMatch(result.stderr, testCase.stderr);
        else assertEquals(result.stderr, "");
        assert(elapsed < 5000, `took ${elapsed} ms`);
      });
    }

    await t.step("exec delivers 1 MiB of output completely", async () => {
      const result = await daemon.ssh(["head -c 1048576 /dev/zero"]);
      assertEquals(result.code, 0, result.stderr);
      assertEquals(result.stdout.length, 1048576);
    });

    await t.step("exit-status comes before EOF and CLOSE", async () => {
      const result = await daemon.ssh(["echo done; exit 5"], { args: ["-o", "LogLevel=DEBUG2"] });
      assertEquals(result.code, 5);
      const status = result.stderr.indexOf("rtype exit-status");
      const eof = result.stderr.indexOf("rcvd eof");
      const close = result.stderr.indexOf("rcvd close");
      assert(status !== -1, result.stderr);
      assert(eof !== -1, result.stderr);
      assert(close !== -1, result.stderr);
      assert(status < eof, "exit-status must come before EOF");
      assert(eof < close, "EOF must come before CLOSE");
    });

    await t.step("a command killed by a signal reports exit-signal", async () => {
      const [result, elapsed] = await timed(() =>
        daemon.ssh(["kill -TERM $$"], { args: ["-o", "LogLevel=DEBUG"] })
      );
      assert(result.code !== 0);
      assertStringIncludes(result.stderr, "rtype exit-signal");
      assert(elapsed < 5000, `took ${elapsed} ms`);
    });

    await t.step("stdin reaches the command", async () => {
      const result = await daemon.ssh(["tr a-z A-Z"], { stdin: "hello\n" });
      assertEquals(result.text, "HELLO\n");
    });

    await t.step("environment looks like a root login", async () => {
      const result = await daemon.ssh([
        'echo "$USER|$LOGNAME|$HOME|$PWD|$SSH_CONNECTION|$PATH|$SHELL"',
      ]);
      const user = Deno.env.get("USER") ?? "root";
      const [login, logname, home, cwd, connection, path] = result.text.trim().split("|");
      assertEquals([login, logname], [user, user]);
      assertEquals(cwd, home);
      assertEquals(connection, "UNKNOWN 65535 UNKNOWN 65535");
      assertStringIncludes(path, "/usr/sbin");
    });

    await t.step("env requests set variables, protected ones stay", async () => {
      const result = await daemon.ssh(['echo "$EGS_TEST_VAR|$HOME"'], {
        args: ["-o", "SetEnv=EGS_TEST_VAR=hello HOME=/tmp"],
      });
      assertEquals(result.text.trim().split("|")[0], "hello");
      assert(result.text.trim().split("|")[1] !== "/tmp");
    });

    await shellSelectionSteps(t, daemon);
    await sftpSteps(t, daemon);
  } finally {
    await daemon.stop();
  }
});

async function shellSelectionSteps(t: Deno.TestContext, daemon: RunningDaemon): Promise<void> {
  await t.step("client SHELL selects the shell when KVP has none", async () => {
    const result = await daemon.ssh(['echo "$0"'], { args: ["-o", "SetEnv=SHELL=/bin/sh"] });
    assertEquals(result.text, "/bin/sh\n");
  });

  await t.step("missing shell exits 127 with a message", async () => {
    const result = await daemon.ssh(["echo never"], {
      args: ["-o", "SetEnv=SHELL=/nonexistent/shell"],
    });
    assertEquals(result.code, 127);
    assertStringIncludes(result.stderr, "/nonexistent/shell");
    assertEquals(result.text, "");
  });

  await t.step("KVP shell override wins over the client's SHELL", async () => {
    await daemon.externalPool.update({
      "eryph:guest-services:shell": "/bin/bash",
      "eryph:guest-services:shell-args": "--norc",
    });
    const result = await daemon.ssh(['echo "$0 $SHELL"'], { args: ["-o", "SetEnv=SHELL=/bin/sh"] });
    assertEquals(result.text, "/bin/bash /bin/bash\n");
    await daemon.externalPool.update({
      "eryph:guest-services:shell": null,
      "eryph:guest-services:shell-args": null,
    });
  });
}

async function runSftp(daemon: RunningDaemon, batch: string, identity?: string) {
  const batchFile = `${daemon.dir}/sftp-batch`;
  await Deno.writeTextFile(batchFile, batch);
  const output = await new Deno.Command("sftp", {
    args: ["-b", batchFile, ...sshArgs(daemon, { identity })],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code: output.code, stderr: new TextDecoder().decode(output.stderr) };
}

async function sftpSteps(t: Deno.TestContext, daemon: RunningDaemon): Promise<void> {
  await t.step("sftp subsystem uploads and downloads a file", async () => {
    await Deno.writeTextFile(`${daemon.dir}/local.txt`, "through sftp\n");
    const result = await runSftp(
      daemon,
      `put ${daemon.dir}/local.txt ${daemon.dir}/remote.txt\nget ${daemon.dir}/remote.txt ${daemon.dir}/back.txt\n`,
    );
    assertEquals(result.code, 0, result.stderr);
    assertEquals(await Deno.readTextFile(`${daemon.dir}/back.txt`), "through sftp\n");
  });

  await t.step("command= replaces the sftp subsystem", async () => {
    const key = await daemon.newKey("id_forced_sftp");
    await daemon.externalPool.update({
      "eryph:guest-services:client-public-key": `command="echo forced" ${key.publicLine}`,
    });
    const result = await runSftp(daemon, "ls\n", key.path);
    assert(result.code !== 0);
    assertStringIncludes(daemon.log(), "Running the forced command");
    await daemon.externalPool.update({ "eryph:guest-services:client-public-key": null });
  });
}
