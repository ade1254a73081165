import { assertEquals, assertRejects } from "../../_support/assert.ts";
import { PoolDirectoryHostKvp } from "../../../src/kvp/host/pool_directory_host_kvp.ts";
import { openPoolDirectory } from "../../../src/kvp/open_store.ts";
import { KvpPoolId } from "../../../src/kvp/pool.ts";

Deno.test("PoolDirectoryHostKvp maps groups to pools 1, 2 and 0", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const store = openPoolDirectory(dir);
    await store.pool(KvpPoolId.Guest).update({ g: "1" });
    await store.pool(KvpPoolId.Auto).update({ i: "2" });
    const kvp = new PoolDirectoryHostKvp(dir);
    await kvp.updateExternal("cid:3", { e: "0" });
    assertEquals(await kvp.read("cid:3", "guest"), new Map([["g", "1"]]));
    assertEquals(await kvp.read("cid:3", "guest_intrinsic"), new Map([["i", "2"]]));
    assertEquals(await kvp.read("cid:3", "external"), new Map([["e", "0"]]));
    assertEquals(await kvp.read("cid:3", "host_only"), new Map());
    assertEquals(await store.pool(KvpPoolId.External).get("e"), "0");
    await kvp.updateExternal("cid:3", { e: null });
    assertEquals(await kvp.read("cid:3", "external"), new Map());
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("PoolDirectoryHostKvp rejects values Hyper-V would reject", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const kvp = new PoolDirectoryHostKvp(dir);
    await assertRejects(() => kvp.updateExternal("x", { " ": "v" }), RangeError, "blank");
    await assertRejects(() => kvp.updateExternal("x", { k: "é".repeat(1024) }), RangeError, '"k"');
    await assertRejects(() => kvp.updateExternal("x", { ["k".repeat(256)]: "v" }), RangeError);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
