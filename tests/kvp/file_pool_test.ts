import { join } from "node:path";
import { assert, assertEquals, assertRejects } from "../_support/assert.ts";
import { FileKvpPool, FileKvpStore, poolFilePath } from "../../src/kvp/file_pool.ts";
import { KvpPoolId } from "../../src/kvp/pool.ts";
import { KVP_RECORD_SIZE } from "../../src/kvp/record.ts";

const linuxOnly = Deno.build.os !== "linux";

async function withPool(fn: (pool: FileKvpPool, dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "egs-kvp-test-" });
  try {
    await fn(new FileKvpStore(dir).pool(KvpPoolId.Guest), dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Builds a pool file byte for byte the way hv_kvp_daemon lays it out. */
function daemonRecords(entries: [string, string][]): Uint8Array {
  const bytes = new Uint8Array(entries.length * 2560);
  entries.forEach(([key, value], index) => {
    bytes.set(new TextEncoder().encode(key), index * 2560);
    bytes.set(new TextEncoder().encode(value), index * 2560 + 512);
  });
  return bytes;
}

Deno.test({
  name: "FileKvpPool round-trips and deletes keys",
  ignore: linuxOnly,
  fn: () =>
    withPool(async (pool, dir) => {
      assertEquals(pool.path, join(dir, ".kvp_pool_1"));
      assertEquals(await pool.readAll(), new Map());

      await pool.update({ "eryph:guest-services:status": "available", "größe": "ünïcödé €" });
      await pool.update({ "eryph:guest-services:version": "1.2.3" });
      assertEquals(await pool.get("größe"), "ünïcödé €");
      assertEquals((await Deno.stat(pool.path)).size, 3 * KVP_RECORD_SIZE);

      await pool.update({ "eryph:guest-services:status": null, "missing": null });
      assertEquals(
        await pool.readAll(),
        new Map([["größe", "ünïcödé €"], ["eryph:guest-services:version", "1.2.3"]]),
      );
      assertEquals(await pool.get("eryph:guest-services:status"), undefined);
      assertEquals((await Deno.stat(pool.path)).size, 2 * KVP_RECORD_SIZE);
    }),
});

Deno.test({
  name: "FileKvpPool stores values at the limits",
  ignore: linuxOnly,
  fn: () =>
    withPool(async (pool) => {
      const key = "€".repeat(170) + "k"; // 511 bytes
      const value = "ü".repeat(1023) + "v"; // 2047 bytes
      await pool.update({ [key]: value });
      assertEquals(await pool.get(key), value);

      await assertRejects(() => pool.update({ [key + "k"]: "v" }), RangeError, "512 UTF-8 bytes");
      await assertRejects(
        () => pool.update({ ok: "x", big: value + "v" }),
        RangeError,
        'KVP key "big"',
      );
      assertEquals(await pool.get("ok"), undefined);
    }),
});

Deno.test({
  name: "FileKvpPool reads and keeps daemon records",
  ignore: linuxOnly,
  fn: () =>
    withPool(async (pool) => {
      await Deno.writeFile(
        pool.path,
        daemonRecords([["HostName", "hv-host"], ["OSName", "Debian"]]),
        { mode: 0o644 },
      );
      assertEquals(await pool.readAll(), new Map([["HostName", "hv-host"], ["OSName", "Debian"]]));

      await pool.update({ OSName: "Debian GNU/Linux", added: "1" });
      const expected = daemonRecords([["HostName", "hv-host"], ["OSName", "Debian GNU/Linux"], [
        "added",
        "1",
      ]]);
      assertEquals(await Deno.readFile(pool.path), expected);
    }),
});

Deno.test({
  name: "FileKvpPool sets mode 0600 on write",
  ignore: linuxOnly,
  fn: () =>
    withPool(async (pool, dir) => {
      await pool.update({ a: "1" });
      assertEquals((await Deno.stat(pool.path)).mode! & 0o777, 0o600);

      const external = new FileKvpStore(dir).pool(KvpPoolId.External);
      await Deno.writeFile(external.path, daemonRecords([["k", "v"]]), { mode: 0o644 });
      await Deno.chmod(external.path, 0o644);
      await external.readAll();
      assertEquals(
        (await Deno.stat(external.path)).mode! & 0o777,
        0o644,
        "reading leaves the mode alone",
      );
      await external.update({ k: "w" });
      assertEquals((await Deno.stat(external.path)).mode! & 0o777, 0o600);
    }),
});

Deno.test({
  name: "FileKvpPool ignores a partial trailing record",
  ignore: linuxOnly,
  fn: () =>
    withPool(async (pool) => {
      const bytes = new Uint8Array(2560 + 700);
      bytes.set(daemonRecords([["k", "v"]]));
      bytes.fill(0x7a, 2560);
      await Deno.writeFile(pool.path, bytes);
      assertEquals(await pool.readAll(), new Map([["k", "v"]]));

      await pool.update({ n: "1" });
      assertEquals((await Deno.stat(pool.path)).size, 2 * KVP_RECORD_SIZE);
      assertEquals(await pool.readAll(), new Map([["k", "v"], ["n", "1"]]));
    }),
});

Deno.test({
  name: "FileKvpPool keeps concurrent updates of one process",
  ignore: linuxOnly,
  fn: () =>
    withPool(async (pool) => {
      await Promise.all(
        Array.from({ length: 20 }, (_, i) => pool.update({ [`key-${i}`]: String(i) })),
      );
      const all = await pool.readAll();
      assertEquals(all.size, 20);
      for (let i = 0; i < 20; i++) assertEquals(all.get(`key-${i}`), String(i));
    }),
});

Deno.test({
  name: "FileKvpPool waits for another process's lock",
  ignore: linuxOnly,
  fn: () =>
    withPool(async (pool) => {
      await pool.update({ before: "1" });
      const holdMs = 400;
      const helper = new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "--allow-ffi",
          "--allow-read",
          "--allow-write",
          new URL("./_hold_lock.ts", import.meta.url).pathname,
          pool.path,
          "daemon",
          "wrote",
          String(holdMs),
        ],
        stdout: "piped",
        stderr: "inherit",
      }).spawn();
      const reader = helper.stdout.pipeThrough(new TextDecoderStream()).getReader();
      let output = "";
      while (!output.includes("locked")) {
        const { value, done } = await reader.read();
        assert(!done, `the lock helper exited early: ${output}`);
        output += value;
      }

      const started = performance.now();
      await pool.update({ after: "2" });
      const waited = performance.now() - started;
      await reader.cancel();
      assert((await helper.status).success, "the lock helper failed");

      assert(
        waited >= holdMs * 0.5,
        `update finished after ${waited.toFixed(0)} ms, before the lock was released`,
      );
      assertEquals(
        await pool.readAll(),
        new Map([["before", "1"], ["daemon", "wrote"], ["after", "2"]]),
      );
    }),
});

Deno.test("poolFilePath() names the hv_kvp_daemon files", () => {
  assertEquals(poolFilePath("/var/lib/hyperv", KvpPoolId.External), "/var/lib/hyperv/.kvp_pool_0");
  assertEquals(poolFilePath("/tmp/x", KvpPoolId.AutoInternal), "/tmp/x/.kvp_pool_4");
});
