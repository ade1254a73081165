import { assert, assertEquals, assertThrows } from "../_support/assert.ts";
import { NotSupportedError } from "../../src/errors.ts";
import { FileKvpStore } from "../../src/kvp/file_pool.ts";
import { openKvpStore, openPoolDirectory } from "../../src/kvp/open_store.ts";
import { KvpPoolId } from "../../src/kvp/pool.ts";
import { RegistryKvpStore } from "../../src/kvp/registry_pool.ts";

Deno.test("openKvpStore() picks the store per OS", () => {
  const linux = openKvpStore({ os: "linux" });
  assert(linux instanceof FileKvpStore);
  assertEquals(linux.dir, "/var/lib/hyperv");
  assert(openKvpStore({ os: "windows" }) instanceof RegistryKvpStore);
  assertThrows(() => openKvpStore({ os: "darwin" }), NotSupportedError, "darwin");
});

Deno.test("openKvpStore() uses pool files when dir is set", () => {
  for (const os of ["linux", "windows", "darwin"]) {
    const store = openKvpStore({ dir: "/tmp/pools", os });
    assert(store instanceof FileKvpStore, os);
    assertEquals(store.dir, "/tmp/pools");
  }
  assertEquals(openPoolDirectory("/tmp/guest").pool(KvpPoolId.Auto).path, "/tmp/guest/.kvp_pool_2");
});

Deno.test("RegistryKvpStore maps pools to registry keys", () => {
  const store = new RegistryKvpStore();
  assertEquals(
    store.pool(KvpPoolId.External).keyPath,
    "SOFTWARE\\Microsoft\\Virtual Machine\\External",
  );
  assertEquals(store.pool(KvpPoolId.Guest).keyPath, "SOFTWARE\\Microsoft\\Virtual Machine\\Guest");
  assertThrows(() => store.pool(KvpPoolId.Auto), NotSupportedError, "Auto");
});
