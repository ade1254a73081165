import { Buffer } from "node:buffer";
import type { SFTPWrapper } from "ssh2";
import { assert, assertEquals, assertRejects } from "../../_support/assert.ts";
import { SFTP_EXTENSIONS } from "../../../src/ssh/sftp/mod.ts";
import { call, connectSftp, statusCode } from "./_sftp_client.ts";
import { startTestServer } from "./_test_server.ts";

const NO_SUCH_FILE = 2;
const PERMISSION_DENIED = 3;
const FAILURE = 4;

const linuxOnly = Deno.build.os !== "linux";

/** Runs `fn` with an SFTP session on a fresh test server, and its home. */
async function withSftp(fn: (sftp: SFTPWrapper, home: string) => Promise<void>): Promise<void> {
  const server = await startTestServer();
  const client = await connectSftp(server);
  try {
    await fn(client.sftp, server.home);
  } finally {
    client.close();
    await server.close();
  }
}

Deno.test({
  name: "serveSftp() advertises the OpenSSH extensions",
  ignore: linuxOnly,
  async fn() {
    const server = await startTestServer();
    const client = await connectSftp(server);
    client.close();
    await server.close();

    assertEquals(client.extensions, Object.fromEntries(SFTP_EXTENSIONS));
  },
});

Deno.test({
  name: "serveSftp() resolves . to the home directory",
  ignore: linuxOnly,
  fn: () =>
    withSftp(async (sftp, home) => {
      assertEquals(await call<string>((cb) => sftp.realpath(".", cb)), await Deno.realPath(home));
      assertEquals(await call<string>((cb) => sftp.realpath("new/../x", cb)), `${home}/x`);
    }),
});

Deno.test({
  name: "serveSftp() writes and reads a file at offsets",
  ignore: linuxOnly,
  fn: () =>
    withSftp(async (sftp, home) => {
      const handle = await call<Buffer>((cb) => sftp.open("data.bin", "w+", { mode: 0o640 }, cb));
      await call((cb) => sftp.write(handle, Buffer.from("world"), 0, 5, 6, cb));
      await call((cb) => sftp.write(handle, Buffer.from("hello "), 0, 6, 0, cb));
      const buffer = Buffer.alloc(20);
      const read = await call<number>((cb) => sftp.read(handle, buffer, 0, 20, 0, cb));
      const attrs = await call<{ size: number }>((cb) => sftp.fstat(handle, cb));
      await call((cb) => sftp.close(handle, cb));

      assertEquals(buffer.subarray(0, read).toString(), "hello world");
      assertEquals(attrs.size, 11);
      assertEquals((await Deno.stat(`${home}/data.bin`)).mode! & 0o777, 0o640 & ~umask());
    }),
});

Deno.test({
  name: "serveSftp() answers EOF for a read past the end",
  ignore: linuxOnly,
  fn: () =>
    withSftp(async (sftp, home) => {
      await Deno.writeTextFile(`${home}/short.txt`, "abc");
      const handle = await call<Buffer>((cb) => sftp.open("short.txt", "r", cb));
      const buffer = Buffer.alloc(10);
      const read = await call<number>((cb) => sftp.read(handle, buffer, 0, 10, 3, cb));
      await call((cb) => sftp.close(handle, cb));

      assertEquals(read, 0, "ssh2 reports EOF as 0 bytes read");
    }),
});

Deno.test({
  name: "serveSftp() reads 255 KiB in one request",
  ignore: linuxOnly,
  async fn() {
    const size = 255 * 1024;
    await withSftp(async (sftp, home) => {
      const content = randomBytes(size);
      await Deno.writeFile(`${home}/big.bin`, content);
      const handle = await call<Buffer>((cb) => sftp.open("big.bin", "r", cb));
      const buffer = Buffer.alloc(size);
      const read = await call<number>((cb) => sftp.read(handle, buffer, 0, size, 0, cb));
      await call((cb) => sftp.close(handle, cb));

      assertEquals(read, size);
      assert(buffer.equals(content));
    });
  },
});

Deno.test({
  name: "serveSftp() maps errors to SFTP status codes",
  ignore: linuxOnly,
  fn: () =>
    withSftp(async (sftp, home) => {
      await Deno.mkdir(`${home}/full`);
      await Deno.writeTextFile(`${home}/full/file`, "x");

      const missing = await assertRejects(() => call((cb) => sftp.stat("missing", cb)));
      const notEmpty = await assertRejects(() => call((cb) => sftp.rmdir("full", cb)));
      const exists = await assertRejects(() => call((cb) => sftp.mkdir("full", cb)));

      assertEquals(statusCode(missing), NO_SUCH_FILE);
      assertEquals(statusCode(notEmpty), FAILURE);
      assertEquals(notEmpty.message, "Directory not empty");
      assertEquals(statusCode(exists), FAILURE);
      assertEquals(exists.message, "File exists");
    }),
});

Deno.test({
  name: "serveSftp() answers PERMISSION_DENIED for a protected file",
  // root may open any file, so only an unprivileged user sees the denial.
  ignore: linuxOnly || Deno.uid() === 0,
  fn: () =>
    withSftp(async (sftp, home) => {
      await Deno.writeTextFile(`${home}/secret`, "x", { mode: 0o000 });

      const denied = await assertRejects(() => call((cb) => sftp.open("secret", "r", cb)));

      assertEquals(statusCode(denied), PERMISSION_DENIED);
    }),
});

Deno.test({
  name: "serveSftp() rejects rename onto an existing file",
  ignore: linuxOnly,
  fn: () =>
    withSftp(async (sftp, home) => {
      await Deno.writeTextFile(`${home}/a`, "a");
      await Deno.writeTextFile(`${home}/b`, "b");

      const error = await assertRejects(() => call((cb) => sftp.rename("a", "b", cb)));
      assertEquals(statusCode(error), FAILURE);
      assertEquals(await Deno.readTextFile(`${home}/b`), "b");

      await call((cb) => sftp.ext_openssh_rename("a", "b", cb));
      assertEquals(await Deno.readTextFile(`${home}/b`), "a");
      await call((cb) => sftp.rename("b", "c", cb));
      assertEquals(await Deno.readTextFile(`${home}/c`), "a");
    }),
});

Deno.test({
  name: "serveSftp() creates symbolic and hard links",
  ignore: linuxOnly,
  fn: () =>
    withSftp(async (sftp, home) => {
      await Deno.writeTextFile(`${home}/target.txt`, "t");

      // Neither ssh2 end identifies as OpenSSH, so both use the draft's
      // argument order here. The sftp -b end-to-end test covers OpenSSH's order.
      await call((cb) => sftp.symlink("target.txt", "link.txt", cb));
      await call((cb) => sftp.ext_openssh_hardlink("target.txt", "hard.txt", cb));

      assertEquals(await Deno.readLink(`${home}/link.txt`), "target.txt");
      assertEquals(await call<string>((cb) => sftp.readlink("link.txt", cb)), "target.txt");
      assertEquals((await Deno.stat(`${home}/hard.txt`)).nlink, 2);
    }),
});

Deno.test({
  name: "serveSftp() sets mode, times and size",
  ignore: linuxOnly,
  fn: () =>
    withSftp(async (sftp, home) => {
      await Deno.writeTextFile(`${home}/f`, "0123456789");

      await call((cb) => sftp.setstat("f", { mode: 0o604, size: 4, atime: 1000, mtime: 2000 }, cb));
      const info = await Deno.stat(`${home}/f`);

      assertEquals(info.mode! & 0o777, 0o604);
      assertEquals(info.size, 4);
      assertEquals(info.mtime!.getTime(), 2000_000);
      assertEquals(info.atime!.getTime(), 1000_000);
    }),
});

Deno.test({
  name: "serveSftp() lsetstat changes a link's times, not its target's",
  ignore: linuxOnly,
  fn: () =>
    withSftp(async (sftp, home) => {
      await Deno.writeTextFile(`${home}/target`, "t");
      await Deno.symlink("target", `${home}/link`);
      const before = (await Deno.stat(`${home}/target`)).mtime!.getTime();

      await call((cb) => sftp.ext_openssh_lsetstat("link", { atime: 5000, mtime: 6000 }, cb));

      assertEquals((await Deno.lstat(`${home}/link`)).mtime!.getTime(), 6000_000);
      assertEquals((await Deno.stat(`${home}/target`)).mtime!.getTime(), before);
    }),
});

Deno.test({
  name: "serveSftp() lists 250 entries in batches with long names",
  ignore: linuxOnly,
  fn: () =>
    withSftp(async (sftp, home) => {
      await Deno.mkdir(`${home}/many`);
      for (let i = 0; i < 250; i++) await Deno.writeTextFile(`${home}/many/f${i}`, "x");

      const entries = await call<{ filename: string; longname: string }[]>((cb) =>
        sftp.readdir("many", cb)
      );
      const names = entries.map((entry) => entry.filename).sort();

      assertEquals(names.length, 250, "ssh2 drops . and ..");
      assertEquals(names.includes("f249"), true);
      const f0 = entries.find((entry) => entry.filename === "f0")!;
      assert(/^-rw-.* 1 \S+\s+\S+\s+1 \w{3} [ \d]\d .* f0$/.test(f0.longname), f0.longname);
    }),
});

Deno.test({
  name: "serveSftp() answers statvfs, fstatvfs and fsync",
  ignore: linuxOnly,
  fn: () =>
    withSftp(async (sftp) => {
      // deno-lint-ignore no-explicit-any
      const stats = await call<any>((cb) => sftp.ext_openssh_statvfs(".", cb));
      const handle = await call<Buffer>((cb) => sftp.open("synced", "w", cb));
      await call((cb) => sftp.write(handle, Buffer.from("x"), 0, 1, 0, cb));
      await call((cb) => sftp.ext_openssh_fsync(handle, cb));
      // deno-lint-ignore no-explicit-any
      const fileStats = await call<any>((cb) => sftp.ext_openssh_fstatvfs(handle, cb));
      await call((cb) => sftp.close(handle, cb));

      assert(stats.f_bsize > 0, "block size");
      assert(stats.f_blocks > 0, "block count");
      assertEquals(fileStats.f_fsid, stats.f_fsid);
    }),
});

Deno.test({
  name: "serveSftp() removes files but not directories",
  ignore: linuxOnly,
  fn: () =>
    withSftp(async (sftp, home) => {
      await call((cb) => sftp.mkdir("dir", { mode: 0o750 }, cb));
      await Deno.writeTextFile(`${home}/file`, "f");

      const error = await assertRejects(() => call((cb) => sftp.unlink("dir", cb)));
      const rmdirFile = await assertRejects(() => call((cb) => sftp.rmdir("file", cb)));
      await call((cb) => sftp.unlink("file", cb));
      await call((cb) => sftp.rmdir("dir", cb));

      assertEquals(statusCode(error), FAILURE);
      assertEquals(statusCode(rmdirFile), FAILURE);
      assertEquals([...Deno.readDirSync(home)], []);
    }),
});

Deno.test({
  name: "serveSftp() closes handles the client left open",
  ignore: linuxOnly,
  async fn() {
    const server = await startTestServer();
    const path = `${await Deno.realPath(server.home)}/left-open.txt`;
    await Deno.writeTextFile(path, "x");
    const client = await connectSftp(server);
    const sftp = client.sftp;

    await call<Buffer>((cb) => sftp.open("left-open.txt", "r", cb));
    const whileOpen = fdsOpenOn(path);
    await new Promise<void>((resolve) => {
      sftp.once("close", () => resolve());
      client.close();
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const afterClose = fdsOpenOn(path);
    await server.close();

    assertEquals(whileOpen, 1, "the open handle holds one fd");
    assertEquals(afterClose, 0, "the session's end closed it");
  },
});

/** Counts this process's fds open on `path`; a unique path keeps parallel tests out. */
function fdsOpenOn(path: string): number {
  let count = 0;
  for (const entry of Deno.readDirSync("/proc/self/fd")) {
    try {
      if (Deno.readLinkSync(`/proc/self/fd/${entry.name}`) === path) count++;
    } catch {
      // The fd was closed while the directory was being read.
    }
  }
  return count;
}

function randomBytes(size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  // getRandomValues fills at most 64 KiB per call.
  for (let offset = 0; offset < size; offset += 65536) {
    crypto.getRandomValues(bytes.subarray(offset, Math.min(size, offset + 65536)));
  }
  return bytes;
}

function umask(): number {
  const current = Deno.umask(0);
  Deno.umask(current);
  return current;
}
