import { join } from "node:path";
import { assert, assertEquals, assertRejects } from "../_support/assert.ts";
import { sharedTest } from "../_support/shared.ts";
import { makeIso, writeTree } from "./_support/images.ts";
import { makeRoot, testContext } from "./_support/context.ts";
import { configDriveDataSource } from "../../src/datasources/config_drive.ts";
import type { FoundData, ProbeResult } from "../../src/datasources/types.ts";
import { InputError } from "../../src/errors.ts";

const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);

function assertData(result: ProbeResult): FoundData {
  assertEquals(result.kind, "data", JSON.stringify(result));
  return result as FoundData;
}

const meta = (uuid: string) => JSON.stringify({ uuid, hostname: `${uuid}.example` });

Deno.test("ConfigDrive picks the newest known version", async () => {
  const seed = await writeTree({
    "openstack/2015-10-15/meta_data.json": meta("old"),
    "openstack/2018-08-27/meta_data.json": meta("new"),
    "openstack/2099-01-01/meta_data.json": meta("unknown-future"),
    "openstack/latest/meta_data.json": meta("latest"),
  });

  const data = assertData(
    await configDriveDataSource.probe(testContext(await makeRoot(), { seed })),
  );

  assertEquals(data.instanceId, "new");
  assertEquals(data.localHostname, "new.example");
});

Deno.test("ConfigDrive falls back to openstack/latest", async () => {
  const seed = await writeTree({
    "openstack/latest/meta_data.json": meta("latest"),
    "openstack/latest/user_data": "#!/bin/sh\necho hi\n",
  });

  const data = assertData(
    await configDriveDataSource.probe(testContext(await makeRoot(), { seed })),
  );

  assertEquals(data.instanceId, "latest");
  assertEquals(text(data.userData), "#!/bin/sh\necho hi\n");
});

Deno.test("ConfigDrive reports not-here without an openstack folder", async () => {
  const seed = await writeTree({ "meta-data": "instance-id: x\n" });

  assertEquals(
    await configDriveDataSource.probe(testContext(await makeRoot(), { seed })),
    { kind: "not-here" },
  );
});

Deno.test("ConfigDrive rejects meta_data.json without uuid", async () => {
  const seed = await writeTree({ "openstack/latest/meta_data.json": "{}" });

  await assertRejects(
    async () => await configDriveDataSource.probe(testContext(await makeRoot(), { seed })),
    InputError,
    '"uuid" is missing',
  );
});

Deno.test("ConfigDrive extracts the cloud-init part of vendor data", async () => {
  const seed = await writeTree({
    "openstack/latest/meta_data.json": meta("v"),
    "openstack/latest/vendor_data.json": JSON.stringify({ "cloud-init": "#cloud-config\n" }),
    "openstack/latest/vendor_data2.json": JSON.stringify({ static: {} }),
  });

  const data = assertData(
    await configDriveDataSource.probe(testContext(await makeRoot(), { seed })),
  );

  assertEquals(text(data.vendorData), "#cloud-config\n");
  assertEquals(data.vendorData2, undefined);
});

Deno.test("ConfigDrive reads a config-2 ISO through /dev/disk/by-label", async () => {
  const source = await writeTree({
    "openstack/2017-02-22/meta_data.json": JSON.stringify({
      uuid: "iso-uuid",
      public_keys: { one: "ssh-ed25519 AAAA one" },
      keys: [{ name: "two", type: "ssh", data: "ssh-ed25519 BBBB two\n" }],
    }),
    "openstack/2017-02-22/user_data": "#cloud-config\n",
  });
  const image = await makeIso(source, "config-2", ["-J", "-r"]);
  const root = await makeRoot();
  await Deno.mkdir(join(root, "dev/disk/by-label"), { recursive: true });
  await Deno.symlink(image, join(root, "dev/disk/by-label/config-2"));

  const data = assertData(await configDriveDataSource.probe(testContext(root)));

  assertEquals(data.instanceId, "iso-uuid");
  assertEquals(data.publicKeys, ["ssh-ed25519 AAAA one", "ssh-ed25519 BBBB two"]);
  assertEquals(data.source, join(root, "dev/disk/by-label/config-2"));
});

sharedTest("ConfigDrive parses the corpus configdrive fixture", async (shared) => {
  const seed = join(shared, "corpus/egs/test/fixtures/configdrive");

  const data = assertData(
    await configDriveDataSource.probe(testContext(await makeRoot(), { seed })),
  );

  assertEquals(data.instanceId, "d8e02d56-2648-49a3-bf97-6be8f1204f38");
  assertEquals(data.localHostname, "openstack-host.example.org");
  assertEquals(data.publicKeys?.length, 2);
  assertEquals(data.userData, undefined);
  assertEquals(data.networkConfig, undefined);
});

sharedTest("ConfigDrive reads the corpus OpenStack fixture from an ISO", async (shared) => {
  const fixture = join(shared, "corpus/egs/test/fixtures/configdrive-openstack");
  const image = await makeIso(fixture, "config-2", ["-J", "-r"]);

  const context = testContext(await makeRoot(), { seed: image });
  const data = assertData(await configDriveDataSource.probe(context));

  assertEquals(data.instanceId, "facade00-0000-4000-8000-000000000001");
  assertEquals(data.localHostname, "egs-fixture.novalocal");
  assertEquals(data.publicKeys, ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5FIXTUREKEY egs@fixture"]);
  const userData = await Deno.readFile(join(fixture, "openstack/2018-08-27/user_data"));
  assertEquals(data.userData, userData);
  assert(text(data.userData).startsWith("#cloud-config\nhostname: capture-probe\n"));
  assertEquals(data.vendorData, undefined);
  assertEquals(data.networkConfig, {
    version: 1,
    config: [{
      mtu: 1442,
      type: "physical",
      mac_address: "fa:16:3e:54:e1:ac",
      name: "tap7771ce6d-73",
      subnets: [
        { type: "dhcp4" },
        {
          type: "ipv6_slaac",
          netmask: "ffff:ffff:ffff:ffff::",
          routes: [{ network: "::", netmask: "::", gateway: "fd9a:48e6:1b93::1" }],
        },
      ],
    }],
  });
});
