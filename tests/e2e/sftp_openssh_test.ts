/**
 * OpenSSH's sftp, scp and rsync against serveSftp() behind the ssh2 test
 * server, reached through `ProxyCommand=socat - UNIX-CONNECT:<socket>`.
 */

import { assert, assertEquals, assertMatch, assertStringIncludes } from "../_support/assert.ts";
import { startTestServer, type TestServer } from "../ssh/sftp/_test_server.ts";

const linuxOnly = Deno.build.os !== "linux";
const BIG_FILE_SIZE = 256 * 1024 * 1024;

interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(command: string, args: string[], cwd?: string): Promise<CommandResult> {
  const output = await new Deno.Command(command, { args, cwd, stdin: "null" }).output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}

async function withServer(fn: (server: TestServer, work: string) => Promise<void>): Promise<void> {
  const server = await startTestServer();
  const work = await Deno.makeTempDir({ prefix: "egs_sftp_client_" });
  try {
    await fn(server, work);
  } finally {
    await server.close();
    await Deno.remove(work, { recursive: true });
  }
}

async function sha256(path: string): Promise<string> {
  const result = await run("sha256sum", [path]);
  assertEquals(result.code, 0, result.stderr);
  return result.stdout.split(" ")[0];
}

/** Writes `size` random bytes (a whole number of MiB) to `path`. */
async function writeRandomFile(path: string, size: number): Promise<void> {
  const dd = await run("dd", ["if=/dev/urandom", `of=${path}`, "bs=1M", `count=${size >> 20}`]);
  assertEquals(dd.code, 0, dd.stderr);
}

Deno.test({
  name: "sftp -b runs put, get, ls, mkdir, rename, ln -s, chmod, df and rm",
  ignore: linuxOnly,
  fn: () =>
    withServer(async (server, work) => {
      await Deno.writeTextFile(`${work}/local.txt`, "hello sftp\n");
      const batch = [
        "pwd",
        `put ${work}/local.txt a.txt`,
        "mkdir dir",
        "rename a.txt dir/b.txt",
        "ln -s dir/b.txt link.txt",
        "chmod 600 dir/b.txt",
        "ls -l dir",
        "ls -l",
        `get link.txt ${work}/back.txt`,
        "df",
        "rm link.txt",
        "rm dir/b.txt",
        "rmdir dir",
        "ls -la",
      ].join("\n");
      await Deno.writeTextFile(`${work}/batch`, batch);

      const result = await run("sftp", [...server.sshOptions, "-b", `${work}/batch`, "egs@egs"]);

      assertEquals(result.code, 0, result.stderr);
      assertStringIncludes(result.stdout, `Remote working directory: ${server.home}`);
      assertMatch(result.stdout, /-rw------- +1 \S+ +\S+ +11 \w{3} [ \d]\d \d\d:\d\d b\.txt/);
      assertMatch(result.stdout, /lrwxrwxrwx .* link\.txt/);
      assertMatch(result.stdout, /Size +Used +Avail +\(root\) +%Capacity/);
      assertEquals(await Deno.readTextFile(`${work}/back.txt`), "hello sftp\n");
      assertEquals([...Deno.readDirSync(server.home)], []);
    }),
});

Deno.test({
  name: "sftp -b stops at a failing command",
  ignore: linuxOnly,
  fn: () =>
    withServer(async (server, work) => {
      await Deno.writeTextFile(`${work}/batch`, "get missing.txt\nmkdir never\n");

      const result = await run("sftp", [...server.sshOptions, "-b", `${work}/batch`, "egs@egs"]);

      assertEquals(result.code, 1);
      assertMatch(result.stderr, /missing\.txt.*(not found|No such file)/);
      assertEquals([...Deno.readDirSync(server.home)], []);
    }),
});

Deno.test({
  name: "sftp round-trips a 256 MiB file",
  ignore: linuxOnly,
  fn: () =>
    withServer(async (server, work) => {
      await writeRandomFile(`${work}/big.bin`, BIG_FILE_SIZE);
      const expected = await sha256(`${work}/big.bin`);
      await Deno.writeTextFile(
        `${work}/batch`,
        `put ${work}/big.bin up.bin\nget up.bin ${work}/down.bin\n`,
      );

      const started = performance.now();
      const result = await run("sftp", [...server.sshOptions, "-b", `${work}/batch`, "egs@egs"]);
      const seconds = (performance.now() - started) / 1000;
      console.log(`sftp put+get of 256 MiB: ${seconds.toFixed(1)} s`);

      assertEquals(result.code, 0, result.stderr);
      assertEquals(await sha256(`${server.home}/up.bin`), expected);
      assertEquals(await sha256(`${work}/down.bin`), expected);
    }),
});

Deno.test({
  name: "scp round-trips a 256 MiB file",
  ignore: linuxOnly,
  fn: () =>
    withServer(async (server, work) => {
      await writeRandomFile(`${work}/big.bin`, BIG_FILE_SIZE);
      const expected = await sha256(`${work}/big.bin`);

      const started = performance.now();
      const up = await run("scp", [...server.sshOptions, `${work}/big.bin`, "egs@egs:up.bin"]);
      const down = await run("scp", [...server.sshOptions, "egs@egs:up.bin", `${work}/down.bin`]);
      const seconds = (performance.now() - started) / 1000;
      console.log(`scp upload+download of 256 MiB: ${seconds.toFixed(1)} s`);

      assertEquals(up.code, 0, up.stderr);
      assertEquals(down.code, 0, down.stderr);
      assertEquals(await sha256(`${server.home}/up.bin`), expected);
      assertEquals(await sha256(`${work}/down.bin`), expected);
    }),
});

Deno.test({
  name: "scp -r copies a directory tree with modes",
  ignore: linuxOnly,
  fn: () =>
    withServer(async (server, work) => {
      await Deno.mkdir(`${work}/tree/sub`, { recursive: true });
      await Deno.writeTextFile(`${work}/tree/sub/script.sh`, "#!/bin/sh\n", { mode: 0o755 });
      await Deno.chmod(`${work}/tree/sub/script.sh`, 0o755);

      const result = await run("scp", [...server.sshOptions, "-rp", `${work}/tree`, "egs@egs:"]);

      assertEquals(result.code, 0, result.stderr);
      const info = await Deno.stat(`${server.home}/tree/sub/script.sh`);
      assertEquals(info.mode! & 0o777, 0o755);
    }),
});

Deno.test({
  name: "rsync -e ssh mirrors a directory tree",
  ignore: linuxOnly,
  fn: () =>
    withServer(async (server, work) => {
      const source = `${work}/source`;
      await Deno.mkdir(`${source}/a/b`, { recursive: true });
      await Deno.writeTextFile(`${source}/top.txt`, "top");
      await Deno.writeTextFile(`${source}/a/b/deep.txt`, "deep");
      await Deno.symlink("top.txt", `${source}/a/link`);
      const ssh = ["ssh", ...server.sshOptions].map((arg) => `'${arg}'`).join(" ");

      const first = await run("rsync", [
        "-a",
        "--delete",
        "-e",
        ssh,
        `${source}/`,
        "egs@egs:mirror/",
      ]);
      await Deno.remove(`${source}/top.txt`);
      await Deno.writeTextFile(`${source}/a/new.txt`, "new");
      const second = await run("rsync", [
        "-a",
        "--delete",
        "-e",
        ssh,
        `${source}/`,
        "egs@egs:mirror/",
      ]);

      assertEquals(first.code, 0, first.stderr);
      assertEquals(second.code, 0, second.stderr);
      const diff = await run("diff", ["-r", "--no-dereference", source, `${server.home}/mirror`]);
      assertEquals(diff.code, 0, diff.stdout + diff.stderr);
      assert(!(await exists(`${server.home}/mirror/top.txt`)), "--delete removed top.txt");
    }),
});

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch {
    return false;
  }
}
