import { assert, assertEquals, assertRejects } from "../../_support/assert.ts";
import { OperationError, UsageError } from "../../../src/errors.ts";
import { NetConnector } from "../../../src/transport/net_connector.ts";
import { connectGuest, type GuestConnection } from "../../../src/tool/ssh_client/mod.ts";
import {
  downloadDirectory,
  downloadSingleFile,
  SftpCalls,
  SILENT_PROGRESS,
  uploadDirectory,
  uploadSingleFile,
} from "../../../src/tool/transfer/mod.ts";
import { startTestServer, type TestServer } from "../../ssh/sftp/_test_server.ts";

const HOSTS = ["vm1.hyper-v.alt", "vm1"];

async function connect(server: TestServer, knownHostsPath: string): Promise<GuestConnection> {
  return await connectGuest({
    connector: new NetConnector({ path: server.socketPath }),
    identityPath: server.clientKeyPath,
    hostKey: { knownHostsPath, hostNames: HOSTS, acceptNew: true },
  });
}

async function withSession(
  fn: (calls: SftpCalls, server: TestServer, local: string) => Promise<void>,
) {
  const server = await startTestServer();
  const local = await Deno.makeTempDir({ prefix: "egs_transfer_local_" });
  const connection = await connect(server, `${local}/known_hosts`);
  try {
    await fn(new SftpCalls(await connection.openSftp()), server, local);
  } finally {
    await connection.close();
    await server.close();
    await Deno.remove(local, { recursive: true });
  }
}

async function makeSourceTree(root: string): Promise<void> {
  await Deno.mkdir(`${root}/sub/deep`, { recursive: true });
  await Deno.writeTextFile(`${root}/top.txt`, "top");
  await Deno.chmod(`${root}/top.txt`, 0o600);
  await Deno.writeTextFile(`${root}/sub/deep/leaf.sh`, "#!/bin/sh\n");
  await Deno.chmod(`${root}/sub/deep/leaf.sh`, 0o755);
  await Deno.utime(`${root}/sub/deep/leaf.sh`, 1_000_000_000, 1_100_000_000);
  await Deno.symlink("top.txt", `${root}/alias.txt`);
  await Deno.symlink("/etc/hostname", `${root}/escape`);
  await Deno.chmod(`${root}/sub`, 0o750);
  await Deno.utime(`${root}/sub`, 1_200_000_000, 1_300_000_000);
}

const settings = { overwrite: false, recursive: true, progress: SILENT_PROGRESS };

Deno.test("uploadDirectory() and downloadDirectory() keep content, modes and times", async () => {
  await withSession(async (calls, server, local) => {
    await makeSourceTree(`${local}/src`);

    const up = await uploadDirectory(calls, `${local}/src`, `${server.home}/tree`, settings);
    assertEquals(up.files, 3);
    assertEquals(up.skipped, [{
      relativePath: "escape",
      reason: "symbolic link to a target outside the source directory",
    }]);
    const leaf = await Deno.stat(`${server.home}/tree/sub/deep/leaf.sh`);
    assertEquals(leaf.mode! & 0o7777, 0o755);
    assertEquals(leaf.mtime!.getTime(), 1_100_000_000_000);
    assertEquals((await Deno.lstat(`${server.home}/tree/alias.txt`)).isFile, true);
    const sub = await Deno.stat(`${server.home}/tree/sub`);
    assertEquals(sub.mode! & 0o7777, 0o750);
    assertEquals(sub.mtime!.getTime(), 1_300_000_000_000);

    await downloadDirectory(calls, `${server.home}/tree`, `${local}/back`, settings);
    assertEquals(await Deno.readTextFile(`${local}/back/top.txt`), "top");
    assertEquals((await Deno.stat(`${local}/back/top.txt`)).mode! & 0o7777, 0o600);
    assertEquals(
      (await Deno.stat(`${local}/back/sub/deep/leaf.sh`)).mtime!.getTime(),
      1_100_000_000_000,
    );
    assertEquals((await Deno.stat(`${local}/back/sub`)).mode! & 0o7777, 0o750);
  });
});

Deno.test("downloadDirectory() skips a remote symlink out of the tree", async () => {
  await withSession(async (calls, server, local) => {
    await Deno.mkdir(`${server.home}/guest`);
    await Deno.writeTextFile(`${server.home}/guest/kept.txt`, "kept");
    await Deno.symlink("/etc/hostname", `${server.home}/guest/escape`);
    await Deno.symlink("kept.txt", `${server.home}/guest/alias`);

    const summary = await downloadDirectory(
      calls,
      `${server.home}/guest`,
      `${local}/out`,
      settings,
    );
    assertEquals(summary.skipped.map((s) => s.relativePath), ["escape"]);
    assertEquals(await Deno.readTextFile(`${local}/out/alias`), "kept");
    await assertRejects(() => Deno.lstat(`${local}/out/escape`), Deno.errors.NotFound);
  });
});

Deno.test("uploadDirectory() rejects existing files before copying any", async () => {
  await withSession(async (calls, server, local) => {
    await Deno.mkdir(`${local}/src`);
    await Deno.writeTextFile(`${local}/src/a.txt`, "new a");
    await Deno.writeTextFile(`${local}/src/b.txt`, "new b");
    await Deno.mkdir(`${server.home}/dest`);
    await Deno.writeTextFile(`${server.home}/dest/b.txt`, "old b");

    await assertRejects(
      () => uploadDirectory(calls, `${local}/src`, `${server.home}/dest`, settings),
      OperationError,
      `Cannot write "${server.home}/dest/b.txt": the file already exists`,
    );
    await assertRejects(() => Deno.stat(`${server.home}/dest/a.txt`), Deno.errors.NotFound);

    await uploadDirectory(calls, `${local}/src`, `${server.home}/dest`, {
      ...settings,
      overwrite: true,
    });
    assertEquals(await Deno.readTextFile(`${server.home}/dest/b.txt`), "new b");
  });
});

Deno.test("uploadDirectory() rejects a file in the way of a directory", async () => {
  await withSession(async (calls, server, local) => {
    await Deno.mkdir(`${local}/src/sub`, { recursive: true });
    await Deno.writeTextFile(`${server.home}/blocked`, "file");
    await assertRejects(
      () => uploadDirectory(calls, `${local}/src`, `${server.home}/blocked`, settings),
      OperationError,
      "a file with that name is in the way",
    );
  });
});

Deno.test("uploadSingleFile() writes into an existing directory", async () => {
  await withSession(async (calls, server, local) => {
    await Deno.writeTextFile(`${local}/note.txt`, "note");
    await Deno.mkdir(`${server.home}/inbox`);
    const result = await uploadSingleFile(
      calls,
      `${local}/note.txt`,
      `${server.home}/inbox`,
      settings,
    );
    assertEquals(result, { path: `${server.home}/inbox/note.txt`, bytes: 4 });
    assertEquals(await Deno.readTextFile(`${server.home}/inbox/note.txt`), "note");
  });
});

Deno.test("downloadSingleFile() names a missing remote path", async () => {
  await withSession(async (calls, server, local) => {
    await assertRejects(
      () => downloadSingleFile(calls, `${server.home}/nope.txt`, `${local}/x`, settings),
      OperationError,
      `Cannot download "${server.home}/nope.txt": it does not exist on the guest.`,
    );
  });
});

Deno.test("uploadSingleFile() names a missing local path as a usage error", async () => {
  await withSession(async (calls, server, local) => {
    await assertRejects(
      () => uploadSingleFile(calls, `${local}/missing.bin`, `${server.home}/x`, settings),
      UsageError,
      `Cannot read "${local}/missing.bin" on this host: it does not exist. Check the path.`,
    );
  });
});

Deno.test("uploadSingleFile() names the missing remote folder", async () => {
  await withSession(async (calls, server, local) => {
    await Deno.writeTextFile(`${local}/note.txt`, "note");
    await assertRejects(
      () => uploadSingleFile(calls, `${local}/note.txt`, `${server.home}/no/dir/x.txt`, settings),
      OperationError,
      `The folder "${server.home}/no/dir" does not exist on the guest; create it first.`,
    );
  });
});

Deno.test("connectGuest() rejects a changed host key", async () => {
  const server = await startTestServer();
  const dir = await Deno.makeTempDir({ prefix: "egs_transfer_hostkey_" });
  try {
    const other = "AAAAC3NzaC1lZDI1NTE5AAAAIHl2bq1oH1lQ8gqk0b0y7vJ8b1kK7ZkCk8nq0Yt4b8bN";
    await Deno.writeTextFile(`${dir}/known_hosts`, `vm1.hyper-v.alt ssh-ed25519 ${other}\n`);
    const error = await assertRejects(() => connect(server, `${dir}/known_hosts`), OperationError);
    assert(error.message.startsWith("Host key mismatch for vm1.hyper-v.alt"), error.message);
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("connectGuest() names the address it cannot reach", async () => {
  const dir = await Deno.makeTempDir({ prefix: "egs_transfer_refused_" });
  try {
    const keygen = new Deno.Command("ssh-keygen", {
      args: ["-q", "-t", "ed25519", "-N", "", "-f", `${dir}/key`],
    });
    assert((await keygen.output()).success);
    const server = { socketPath: `${dir}/absent.sock`, clientKeyPath: `${dir}/key` } as TestServer;
    const error = await assertRejects(
      () => connect(server, `${dir}/known_hosts`),
      OperationError,
      `Cannot connect to unix:${dir}/absent.sock`,
    );
    assertEquals(error.exitCode, 1);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("overwriting a larger file leaves exactly the new content on either side", async () => {
  await withSession(async (calls, server, local) => {
    // Several requests per file, and a length that is not a multiple of the request size.
    const content = new Uint8Array(3 * 255 * 1024 + 12345);
    crypto.getRandomValues(content.subarray(0, 65536));
    content.copyWithin(65536, 0);
    await Deno.writeFile(`${local}/new.bin`, content);
    await Deno.writeFile(`${server.home}/old.bin`, new Uint8Array(content.length * 2).fill(7));
    await Deno.writeFile(`${local}/old.bin`, new Uint8Array(content.length * 2).fill(9));
    const overwrite = { ...settings, overwrite: true };

    await uploadSingleFile(calls, `${local}/new.bin`, `${server.home}/old.bin`, overwrite);
    assertEquals(await Deno.readFile(`${server.home}/old.bin`), content);

    await downloadSingleFile(calls, `${server.home}/old.bin`, `${local}/old.bin`, overwrite);
    assertEquals(await Deno.readFile(`${local}/old.bin`), content);
  });
});

Deno.test("an empty file transfers as an empty file over a non-empty one", async () => {
  await withSession(async (calls, server, local) => {
    await Deno.writeFile(`${local}/empty`, new Uint8Array());
    await Deno.writeTextFile(`${server.home}/full`, "old content");
    const overwrite = { ...settings, overwrite: true };
    await uploadSingleFile(calls, `${local}/empty`, `${server.home}/full`, overwrite);
    assertEquals((await Deno.stat(`${server.home}/full`)).size, 0);

    await Deno.writeTextFile(`${local}/full`, "old content");
    await downloadSingleFile(calls, `${server.home}/full`, `${local}/full`, overwrite);
    assertEquals((await Deno.stat(`${local}/full`)).size, 0);
  });
});
