import { join } from "node:path";
import { assert, assertEquals } from "../_support/assert.ts";
import { makeRoot, testContext } from "./_support/context.ts";
import { hyperVKvpDataSource } from "../../src/datasources/hyperv_kvp.ts";
import { splitForKvp } from "../../src/datasources/kvp_payload.ts";
import { openPoolDirectory } from "../../src/kvp/open_store.ts";
import { KvpPoolId } from "../../src/kvp/pool.ts";
import type { FoundData, ProbeResult } from "../../src/datasources/types.ts";

const POOLS = "/var/lib/hyperv";
const encoder = new TextEncoder();

function assertData(result: ProbeResult): FoundData {
  assertEquals(result.kind, "data", JSON.stringify(result));
  return result as FoundData;
}

async function rootWithPool(values: Record<string, string>): Promise<string> {
  const root = await makeRoot();
  await Deno.mkdir(join(root, POOLS), { recursive: true });
  await openPoolDirectory(join(root, POOLS)).pool(KvpPoolId.External).update(values);
  await Deno.chmod(join(root, POOLS, ".kvp_pool_0"), 0o644);
  return root;
}

Deno.test("HyperVKvp reads single-key user-data and meta-data", async () => {
  const root = await rootWithPool({
    ...await splitForKvp("user-data", encoder.encode("#cloud-config\nhostname: kvp\n")),
    ...await splitForKvp(
      "meta-data",
      encoder.encode("instance-id: iid-kvp\nlocal-hostname: kvp\n"),
    ),
  });

  const data = assertData(await hyperVKvpDataSource.probe(testContext(root)));

  assertEquals(data.instanceId, "iid-kvp");
  assertEquals(data.localHostname, "kvp");
  assertEquals(new TextDecoder().decode(data.userData), "#cloud-config\nhostname: kvp\n");
  assertEquals(data.source, `KVP pool ${join(root, POOLS, ".kvp_pool_0")}`);
});

Deno.test("HyperVKvp joins split user-data and derives an instance id", async () => {
  const userData = encoder.encode("#cloud-config\n" + "# padding\n".repeat(600));
  const root = await rootWithPool(await splitForKvp("user-data", userData));

  const first = assertData(await hyperVKvpDataSource.probe(testContext(root)));
  const second = assertData(await hyperVKvpDataSource.probe(testContext(root)));

  assertEquals(first.userData, userData);
  assert(first.instanceId.startsWith("iid-kvp-"), first.instanceId);
  assertEquals(second.instanceId, first.instanceId);
});

Deno.test("HyperVKvp is not ready while a chunk is missing", async () => {
  const values = await splitForKvp("user-data", encoder.encode("y".repeat(5000)));
  delete values["eryph:provisioning:user-data.4"];
  const root = await rootWithPool(values);

  const result = await hyperVKvpDataSource.probe(testContext(root));

  assertEquals(result, { kind: "not-ready", reason: "eryph:provisioning:user-data.4 is missing" });
});

Deno.test("HyperVKvp is not ready when the SHA-256 differs", async () => {
  const values = await splitForKvp("user-data", encoder.encode("#cloud-config\n"));
  values["eryph:provisioning:user-data.sha256"] = "ab".repeat(32);
  const root = await rootWithPool(values);

  const result = await hyperVKvpDataSource.probe(testContext(root));

  assertEquals(result.kind, "not-ready");
});

Deno.test("HyperVKvp reports not-here without provisioning keys", async () => {
  const root = await rootWithPool({ "eryph:guest-services:shell": "/bin/sh" });

  assertEquals(await hyperVKvpDataSource.probe(testContext(root)), { kind: "not-here" });
});

Deno.test("HyperVKvp reports not-here without pool files", async () => {
  assertEquals(await hyperVKvpDataSource.probe(testContext(await makeRoot())), {
    kind: "not-here",
  });
});

Deno.test("HyperVKvp sets the pool files to mode 0600", async () => {
  const root = await rootWithPool(await splitForKvp("user-data", encoder.encode("x")));
  const guestPool = join(root, POOLS, ".kvp_pool_1");
  await Deno.writeFile(guestPool, new Uint8Array(), { mode: 0o644 });
  await Deno.chmod(guestPool, 0o644);

  await hyperVKvpDataSource.probe(testContext(root));

  assertEquals((await Deno.stat(join(root, POOLS, ".kvp_pool_0"))).mode! & 0o777, 0o600);
  assertEquals((await Deno.stat(guestPool)).mode! & 0o777, 0o600);
});

Deno.test("HyperVKvp uses the configured key prefix", async () => {
  const root = await rootWithPool(
    await splitForKvp("user-data", encoder.encode("#!/bin/sh\n"), "custom:prefix"),
  );
  const settings = JSON.stringify({ dataSources: { hyperVKvp: { keyPrefix: "custom:prefix" } } });

  const data = assertData(await hyperVKvpDataSource.probe(testContext(root, { settings })));

  assertEquals(new TextDecoder().decode(data.userData), "#!/bin/sh\n");
});

Deno.test("HyperVKvp reads the pool in kvpDir instead of the root's", async () => {
  const root = await rootWithPool(
    await splitForKvp("user-data", encoder.encode("#cloud-config\nhostname: in-root\n")),
  );
  const kvpDir = await makeRoot();
  await openPoolDirectory(kvpDir).pool(KvpPoolId.External).update(
    await splitForKvp("user-data", encoder.encode("#cloud-config\nhostname: in-kvp-dir\n")),
  );

  const data = assertData(await hyperVKvpDataSource.probe(testContext(root, { kvpDir })));

  assertEquals(new TextDecoder().decode(data.userData), "#cloud-config\nhostname: in-kvp-dir\n");
  assertEquals(data.source, `KVP pool ${join(kvpDir, ".kvp_pool_0")}`);
});
