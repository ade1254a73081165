/**
 * OpenSSH's sftp, scp and rsync against the real `egs-service daemon`, on a
 * unix socket through `ProxyCommand=socat …`. Every remote path is absolute
 * and inside a temporary folder, because the daemon's SFTP home is root's
 * home on this machine.
 */

import { join } from "node:path";
import { assertEquals } from "../_support/assert.ts";
import { type RunningDaemon, sshArgs, startDaemon } from "../ssh/_daemon_harness.ts";

const linuxOnly = Deno.build.os !== "linux";
const BIG_FILE_MIB = 256;

interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(command: string, args: string[]): Promise<CommandResult> {
  const output = await new Deno.Command(command, { args, stdin: "null" }).output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}

/** Returns the ssh options of `sshArgs()` without the destination, for sftp, scp and rsync. */
function clientOptions(daemon: RunningDaemon): string[] {
  return sshArgs(daemon).slice(0, -1);
}

async function sha256(path: string): Promise<string> {
  const result = await run("sha256sum", [path]);
  assertEquals(result.code, 0, result.stderr);
  return result.stdout.split(" ")[0];
}

async function withDaemon(fn: (daemon: RunningDaemon, work: string) => Promise<void>) {
  const daemon = await startDaemon();
  const work = await Deno.makeTempDir({ prefix: "egs-sftp-daemon-" });
  try {
    await fn(daemon, work);
  } finally {
    await daemon.stop();
    await Deno.remove(work, { recursive: true });
  }
}

Deno.test({
  name: "daemon: sftp and scp round-trip a 256 MiB file",
  ignore: linuxOnly,
  fn: () =>
    withDaemon(async (daemon, work) => {
      const original = join(work, "original.bin");
      const dd = await run("dd", [
        "if=/dev/urandom",
        `of=${original}`,
        "bs=1M",
        `count=${BIG_FILE_MIB}`,
      ]);
      assertEquals(dd.code, 0, dd.stderr);
      const expected = await sha256(original);
      await Deno.mkdir(join(work, "remote"));

      const batch = join(work, "batch");
      await Deno.writeTextFile(
        batch,
        `put ${original} ${work}/remote/by-sftp.bin\nget ${work}/remote/by-sftp.bin ${work}/back-sftp.bin\n`,
      );
      const sftp = await run("sftp", [...clientOptions(daemon), "-b", batch, "egs@egs-test"]);
      assertEquals(sftp.code, 0, sftp.stderr);
      assertEquals(await sha256(join(work, "remote", "by-sftp.bin")), expected);
      assertEquals(await sha256(join(work, "back-sftp.bin")), expected);

      const options = clientOptions(daemon);
      const up = await run("scp", [...options, original, `egs@egs-test:${work}/remote/by-scp.bin`]);
      assertEquals(up.code, 0, up.stderr);
      const down = await run("scp", [
        ...options,
        `egs@egs-test:${work}/remote/by-scp.bin`,
        join(work, "back-scp.bin"),
      ]);
      assertEquals(down.code, 0, down.stderr);
      assertEquals(await sha256(join(work, "back-scp.bin")), expected);
    }),
});

Deno.test({
  name: "daemon: rsync -e ssh mirrors a directory tree",
  ignore: linuxOnly,
  fn: () =>
    withDaemon(async (daemon, work) => {
      const source = join(work, "source");
      const mirror = join(work, "mirror");
      await Deno.mkdir(join(source, "a", "b"), { recursive: true });
      await Deno.writeTextFile(join(source, "top.txt"), "top");
      await Deno.writeTextFile(join(source, "a", "b", "deep.txt"), "deep");
      await Deno.chmod(join(source, "a", "b", "deep.txt"), 0o640);
      await Deno.symlink("top.txt", join(source, "a", "link"));
      const ssh = ["ssh", ...clientOptions(daemon)].map((arg) => `'${arg}'`).join(" ");

      const first = await run("rsync", [
        "-a",
        "--delete",
        "-e",
        ssh,
        `${source}/`,
        `egs@egs-test:${mirror}/`,
      ]);
      assertEquals(first.code, 0, first.stderr);
      await Deno.remove(join(source, "top.txt"));
      await Deno.writeTextFile(join(source, "a", "new.txt"), "new");
      const second = await run("rsync", [
        "-a",
        "--delete",
        "-e",
        ssh,
        `${source}/`,
        `egs@egs-test:${mirror}/`,
      ]);
      assertEquals(second.code, 0, second.stderr);

      const diff = await run("diff", ["-r", "--no-dereference", source, mirror]);
      assertEquals(diff.code, 0, diff.stdout + diff.stderr);
      assertEquals((await Deno.stat(join(mirror, "a", "b", "deep.txt"))).mode! & 0o777, 0o640);
      assertEquals(await Deno.readLink(join(mirror, "a", "link")), "top.txt");
    }),
});
