/**
 * End-to-end provisioning from every datasource: the same cloud-config is
 * delivered by a NoCloud seed directory, a ConfigDrive ISO, Azure provisioning
 * media with a loopback IMDS mock, and the Hyper-V KVP external pool. Each
 * `egs-service run --root` on a private copy of the cached Debian root must
 * leave the same facts in that root. Needs root (chroot, useradd inside the
 * copy) and genisoimage.
 */

import { join } from "node:path";
import { splitForKvp } from "../../src/datasources/kvp_payload.ts";
import { openKvpStore } from "../../src/kvp/open_store.ts";
import { KvpPoolId } from "../../src/kvp/pool.ts";
import { assert, assertEquals, assertMatch } from "../_support/assert.ts";
import { copyDebianRoot } from "../_support/debian_root.ts";
import {
  buildIsoImage,
  entryOf,
  hasCommand,
  HOST_FILES,
  modeAndOwner,
  provision,
  readInRoot,
  snapshotFiles,
  writeSeedDirectory,
} from "./_provision_support.ts";

const canRun = Deno.uid() === 0 && await hasCommand("genisoimage");

const CARLA_KEY =
  "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIH0RvRAPTBnhbvbQXHbJF+XJMgSyRxaT1yO/6XvM9SGK carla@e2e";
const AZURE_VM_ID = "5e0a6f1c-6d1e-4a54-9a2e-0c7f1d2b3a41";

const userData = `#cloud-config
hostname: ds-host
users:
  - name: carla
    gecos: Carla Example
    shell: /bin/bash
    ssh_authorized_keys:
      - ${CARLA_KEY}
write_files:
  - path: /etc/egs-e2e/datasource.txt
    content: "written by write_files\\n"
    permissions: "0640"
runcmd:
  - [sh, -c, "echo runcmd-ok >> /var/tmp/egs-e2e-runcmd"]
`;

/** The facts every datasource must leave in the root, read back from its files. */
interface RootFacts {
  hostname: string;
  passwdEntry: string;
  authorizedKeys: string;
  keysModeAndOwner: [number, number, number];
  writtenFile: string;
  writtenModeAndOwner: [number, number, number];
  runcmdOutput: string;
}

async function readFacts(root: string): Promise<RootFacts> {
  const passwd = await readInRoot(root, "etc/passwd");
  return {
    hostname: await readInRoot(root, "etc/hostname"),
    // The uid and gid depend on the root's existing users, so they are masked.
    passwdEntry: entryOf(passwd, "carla").replace(/:\d+:\d+:/, ":UID:GID:"),
    authorizedKeys: await readInRoot(root, "home/carla/.ssh/authorized_keys"),
    keysModeAndOwner: await modeAndOwner(root, "home/carla/.ssh/authorized_keys"),
    writtenFile: await readInRoot(root, "etc/egs-e2e/datasource.txt"),
    writtenModeAndOwner: await modeAndOwner(root, "etc/egs-e2e/datasource.txt"),
    runcmdOutput: await readInRoot(root, "var/tmp/egs-e2e-runcmd"),
  };
}

async function assertExpectedFacts(root: string, facts: RootFacts): Promise<void> {
  const [, , uid, gid] = entryOf(await readInRoot(root, "etc/passwd"), "carla").split(":");
  assertEquals(facts.hostname, "ds-host\n");
  assertEquals(facts.passwdEntry, "carla:x:UID:GID:Carla Example:/home/carla:/bin/bash");
  assertEquals(facts.authorizedKeys, `${CARLA_KEY}\n`);
  assertEquals(facts.keysModeAndOwner, [0o600, Number(uid), Number(gid)]);
  assertEquals(facts.writtenFile, "written by write_files\n");
  assertEquals(facts.writtenModeAndOwner, [0o640, 0, 0]);
  assertEquals(facts.runcmdOutput, "runcmd-ok\n");
}

async function instanceIdOf(root: string): Promise<string> {
  const data = JSON.parse(
    await readInRoot(root, "var/lib/eryph/provisioning/instance-data.json"),
  ) as { v1?: { instance_id?: string; datasource?: string } };
  return data.v1?.instance_id ?? "";
}

Deno.test({
  name: "run provisions the same root from every datasource",
  ignore: !canRun,
  async fn(t) {
    const work = await Deno.makeTempDir({ prefix: "egs-e2e-ds-" });
    const hostBefore = await snapshotFiles(HOST_FILES);
    let reference: RootFacts | undefined;
    const freshRoot = async (name: string) => await copyDebianRoot(join(work, name, "root"));

    try {
      await t.step("NoCloud seed directory", async () => {
        const root = await freshRoot("nocloud");
        const seed = await writeSeedDirectory(join(work, "nocloud", "seed"), {
          "user-data": userData,
          "meta-data": "instance-id: iid-ds-nocloud\nlocal-hostname: nocloud-meta\n",
        });
        const { report } = await provision(root, ["--seed", seed]);
        assertEquals(report?.status, "completed");
        reference = await readFacts(root);
        await assertExpectedFacts(root, reference);
        assertEquals(await instanceIdOf(root), "iid-ds-nocloud");
      });

      await t.step("ConfigDrive ISO labelled config-2", async () => {
        const root = await freshRoot("configdrive");
        const networkData = {
          links: [{ id: "tap-e2e", type: "phy", ethernet_mac_address: "52:54:00:0c:0d:01" }],
          networks: [{ id: "net0", link: "tap-e2e", type: "ipv4_dhcp" }],
          services: [],
        };
        const image = await buildIsoImage(join(work, "configdrive"), "config-2", {
          "openstack/latest/meta_data.json": JSON.stringify({
            uuid: "2b1f6c1e-9f0e-4c3a-8a3b-configdrive1",
            hostname: "configdrive-meta",
            public_keys: {},
          }),
          "openstack/latest/user_data": userData,
          "openstack/latest/network_data.json": JSON.stringify(networkData),
        });
        const { report } = await provision(root, ["--seed", image]);
        assertEquals(report?.status, "completed");
        const facts = await readFacts(root);
        await assertExpectedFacts(root, facts);
        assertEquals(facts, reference);
        assertEquals(await instanceIdOf(root), "2b1f6c1e-9f0e-4c3a-8a3b-configdrive1");

        const networkFiles = [];
        for await (const entry of Deno.readDir(join(root, "etc/systemd/network"))) {
          networkFiles.push(await readInRoot(root, `etc/systemd/network/${entry.name}`));
        }
        const rendered = networkFiles.find((text) => /^DHCP=ipv4$/m.test(text)) ?? "";
        assertMatch(rendered, /^MACAddress=52:54:00:0c:0d:01$/im);
      });

      await t.step("Azure media with the asset tag and a loopback IMDS", async () => {
        const root = await freshRoot("azure");
        const imdsRequests: string[] = [];
        const imds = Deno.serve(
          { hostname: "127.0.0.1", port: 0, onListen: () => {} },
          (request) => {
            imdsRequests.push(request.headers.get("Metadata") ?? "<none>");
            return Response.json({
              compute: { vmId: AZURE_VM_ID, name: "azure-imds-name", osProfile: {} },
            });
          },
        );
        try {
          const dmi = "/var/tmp/egs-e2e-dmi";
          await Deno.mkdir(join(root, dmi), { recursive: true });
          await Deno.writeTextFile(
            join(root, dmi, "chassis_asset_tag"),
            "7783-7084-3265-9085-8269-3286-77\n",
          );
          const configDir = join(work, "azure", "config");
          await Deno.mkdir(configDir, { recursive: true });
          await Deno.writeTextFile(
            join(configDir, "egs-provisioning.json"),
            JSON.stringify({
              dataSources: {
                azure: {
                  chassisAssetTagPath: `${dmi}/chassis_asset_tag`,
                  imdsUrl: `http://127.0.0.1:${imds.addr.port}/metadata/instance`,
                  imdsTimeoutSeconds: 5,
                },
              },
            }),
          );
          const customData = btoa(userData).replace(/.{76}/g, "$&\n");
          const image = await buildIsoImage(join(work, "azure"), "rd_rdfe_stable", {
            "ovf-env.xml": ovfEnvironment("azure-ovf-host", "azureuser", customData),
          });
          const { report } = await provision(root, [
            "--seed",
            image,
            "--config-dir",
            configDir,
          ]);
          assertEquals(report?.status, "completed");
          const facts = await readFacts(root);
          await assertExpectedFacts(root, facts);
          assertEquals(facts, reference);
          assertEquals(imdsRequests, ["true"]);
          assertEquals(await instanceIdOf(root), AZURE_VM_ID);
        } finally {
          await imds.shutdown();
        }
      });

      await t.step("HyperVKvp payload in the external pool of --kvp-dir", async () => {
        const root = await freshRoot("kvp");
        const kvpDir = join(work, "kvp", "pools");
        await Deno.mkdir(kvpDir, { recursive: true });
        const encoder = new TextEncoder();
        // A long comment makes the payload span several KVP values.
        const longUserData = `${userData}# ${"padding ".repeat(200)}\n`;
        const values = {
          ...await splitForKvp("user-data", encoder.encode(longUserData)),
          ...await splitForKvp("meta-data", encoder.encode("instance-id: iid-ds-kvp\n")),
        };
        assert("eryph:provisioning:user-data.chunks" in values, "the user-data is split");
        const external = openKvpStore({ dir: kvpDir }).pool(KvpPoolId.External);
        await external.update(values);

        const { report } = await provision(root, ["--kvp-dir", kvpDir]);
        assertEquals(report?.status, "completed");
        const facts = await readFacts(root);
        await assertExpectedFacts(root, facts);
        assertEquals(facts, reference);
        assertEquals(await instanceIdOf(root), "iid-ds-kvp");

        // The external pool carries user-data, so the run makes it private.
        assertEquals((await Deno.stat(join(kvpDir, ".kvp_pool_0"))).mode! & 0o777, 0o600);
        const guest = await openKvpStore({ dir: kvpDir }).pool(KvpPoolId.Guest).readAll();
        assertEquals(guest.get("eryph.provisioning.state"), "completed");
      });

      await t.step("nothing on the host changed", async () => {
        const after = await snapshotFiles(HOST_FILES);
        for (const path of HOST_FILES) {
          assert(after.get(path) === hostBefore.get(path), `${path} on the host is unchanged`);
        }
      });
    } finally {
      await Deno.remove(work, { recursive: true });
    }
  },
});

function ovfEnvironment(hostName: string, userName: string, customData: string): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<Environment xmlns="http://schemas.dmtf.org/ovf/environment/1" xmlns:wa="http://schemas.microsoft.com/windowsazure">
  <wa:ProvisioningSection>
    <wa:Version>1.0</wa:Version>
    <wa:LinuxProvisioningConfigurationSet>
      <wa:ConfigurationSetType>LinuxProvisioningConfiguration</wa:ConfigurationSetType>
      <wa:HostName>${hostName}</wa:HostName>
      <wa:UserName>${userName}</wa:UserName>
      <wa:DisableSshPasswordAuthentication>true</wa:DisableSshPasswordAuthentication>
      <wa:CustomData>
${customData}
      </wa:CustomData>
    </wa:LinuxProvisioningConfigurationSet>
  </wa:ProvisioningSection>
</Environment>
`;
}
