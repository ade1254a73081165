/**
 * End-to-end tests of egs-tool's transfer commands against the guest daemon
 * (`egs-service daemon`) on a unix socket, both run from source.
 */

import { createHash } from "node:crypto";
import { join } from "node:path";
import { assert, assertEquals, assertStringIncludes } from "../_support/assert.ts";
import { runCli } from "../_support/cli.ts";
import { type RunningDaemon, startDaemon } from "../ssh/_daemon_harness.ts";

const VM_ID = "6f1c2e4a-93b1-4c53-9c5e-1d2f3a4b5c6d";
const TREE_FILES = 1000;

/** Runs egs-tool against the daemon with a pinned known_hosts file in `work`. */
function tool(daemon: RunningDaemon, work: string, args: string[], identity = daemon.clientKey) {
  const [command, ...rest] = args;
  return runCli("tool", [
    "--log-format",
    "json",
    command,
    VM_ID,
    ...rest,
    "--transport",
    `unix:${daemon.socket}`,
    "--identity",
    identity,
    "--known-hosts",
    join(work, "known_hosts"),
  ], { env: { HOME: work, XDG_DATA_HOME: join(work, "data") } });
}

/** Writes `count` files spread over nested folders with varied modes and times. */
async function writeTree(root: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const dir = join(root, `d${i % 10}`, `e${i % 7}`);
    await Deno.mkdir(dir, { recursive: true });
    const path = join(dir, `f${i}.txt`);
    await Deno.writeTextFile(path, `file ${i}\n`.repeat(i % 50));
    await Deno.chmod(path, [0o644, 0o600, 0o755, 0o640][i % 4]);
    await Deno.utime(path, 1_600_000_000 + i, 1_500_000_000 + i * 7);
  }
}

/** Lists every file below `root` with its content hash, mode and mtime. */
async function describeTree(root: string): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  const pending = [""];
  while (pending.length > 0) {
    const relative = pending.pop()!;
    for await (const item of Deno.readDir(join(root, relative))) {
      const path = join(relative, item.name);
      const info = await Deno.lstat(join(root, path));
      if (info.isDirectory) {
        pending.push(path);
        continue;
      }
      const hash = await sha256(join(root, path));
      result.set(path, `${hash} ${(info.mode! & 0o7777).toString(8)} ${info.mtime!.getTime()}`);
    }
  }
  return result;
}

async function sha256(path: string): Promise<string> {
  const hash = createHash("sha256");
  using file = await Deno.open(path);
  for await (const chunk of file.readable) hash.update(chunk);
  return hash.digest("hex");
}

Deno.test({
  name: "egs-tool transfers files through the guest daemon",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const daemon = await startDaemon();
    const work = await Deno.makeTempDir({ prefix: "egs_tool_transfer_" });
    const guest = join(work, "guest");
    await Deno.mkdir(guest);
    try {
      await t.step("unpinned host key fails without --accept-new", async () => {
        await Deno.writeTextFile(join(work, "one.txt"), "one");
        const result = await tool(daemon, work, ["upload-file", join(work, "one.txt"), guest]);
        assertEquals(result.code, 1);
        assertStringIncludes(result.stderr, `No pinned host key for ${VM_ID}.hyper-v.alt`);
      });

      await t.step("upload-file pins with --accept-new", async () => {
        const result = await tool(daemon, work, [
          "upload-file",
          join(work, "one.txt"),
          guest,
          "--accept-new",
        ]);
        assertEquals(result.code, 0, result.stderr);
        assertEquals(await Deno.readTextFile(join(guest, "one.txt")), "one");
        assertStringIncludes(await Deno.readTextFile(join(work, "known_hosts")), VM_ID);
      });

      await t.step("upload onto an existing file needs --overwrite", async () => {
        const target = join(guest, "one.txt");
        await Deno.writeTextFile(join(work, "one.txt"), "two");
        const rejected = await tool(daemon, work, ["upload-file", join(work, "one.txt"), target]);
        assertEquals(rejected.code, 1);
        assertStringIncludes(rejected.stderr, `Cannot write "${target}": the file already exists`);
        assertEquals(await Deno.readTextFile(target), "one");

        const replaced = await tool(daemon, work, [
          "upload-file",
          join(work, "one.txt"),
          target,
          "--overwrite",
        ]);
        assertEquals(replaced.code, 0, replaced.stderr);
        assertEquals(await Deno.readTextFile(target), "two");
      });

      await t.step("directory round trip keeps 1,000 files", async () => {
        const source = join(work, "tree");
        await writeTree(source, TREE_FILES);
        const up = await tool(daemon, work, [
          "upload-directory",
          source,
          join(guest, "tree"),
          "--recursive",
        ]);
        assertEquals(up.code, 0, up.stderr);
        const down = await tool(daemon, work, [
          "download-directory",
          join(guest, "tree"),
          join(work, "back"),
          "--recursive",
        ]);
        assertEquals(down.code, 0, down.stderr);

        const expected = await describeTree(source);
        assertEquals(expected.size, TREE_FILES);
        assertEquals(await describeTree(join(guest, "tree")), expected);
        assertEquals(await describeTree(join(work, "back")), expected);
      });

      await t.step("without --recursive only top-level files move", async () => {
        const source = join(work, "flat");
        await Deno.mkdir(join(source, "nested"), { recursive: true });
        await Deno.writeTextFile(join(source, "top.txt"), "top");
        await Deno.writeTextFile(join(source, "nested", "low.txt"), "low");
        const result = await tool(daemon, work, ["upload-directory", source, join(guest, "flat")]);
        assertEquals(result.code, 0, result.stderr);
        assertEquals(await Deno.readTextFile(join(guest, "flat", "top.txt")), "top");
        assertEquals(await exists(join(guest, "flat", "nested")), false);
      });

      await t.step("64 MiB file round trip keeps its SHA-256", async () => {
        const big = join(work, "big.bin");
        await writeRandomFile(big, 64 * 1024 * 1024);
        const up = await tool(daemon, work, ["upload-file", big, join(guest, "big.bin")]);
        assertEquals(up.code, 0, up.stderr);
        const down = await tool(daemon, work, [
          "download-file",
          join(guest, "big.bin"),
          join(work, "big.back"),
        ]);
        assertEquals(down.code, 0, down.stderr);
        const expected = await sha256(big);
        assertEquals(await sha256(join(guest, "big.bin")), expected);
        assertEquals(await sha256(join(work, "big.back")), expected);
      });

      await t.step("an untrusted key fails naming its fingerprint", async () => {
        const stranger = await daemon.newKey("id_stranger");
        const result = await tool(
          daemon,
          work,
          ["download-file", join(guest, "one.txt"), join(work, "x")],
          stranger.path,
        );
        assertEquals(result.code, 1);
        assertStringIncludes(result.stderr, `rejected the client key ${stranger.path} (SHA256:`);
      });

      await t.step("a missing remote path fails naming it", async () => {
        const missing = join(guest, "missing.txt");
        const result = await tool(daemon, work, ["download-file", missing, join(work, "x")]);
        assertEquals(result.code, 1);
        assertStringIncludes(result.stderr, `Cannot download "${missing}"`);
      });
    } finally {
      await daemon.stop();
      await Deno.remove(work, { recursive: true });
    }
  },
});

async function writeRandomFile(path: string, size: number): Promise<void> {
  using file = await Deno.open(path, { write: true, create: true, truncate: true });
  const block = new Uint8Array(1024 * 1024);
  for (let written = 0; written < size; written += block.length) {
    crypto.getRandomValues(block.subarray(0, 65536));
    block.copyWithin(65536, 0, block.length - 65536);
    block[0] = written / block.length;
    await file.write(block);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch (error) {
    assert(error instanceof Deno.errors.NotFound);
    return false;
  }
}
