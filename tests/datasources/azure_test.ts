import { join } from "node:path";
import { assert, assertEquals, assertStringIncludes } from "../_support/assert.ts";
import { sharedTest } from "../_support/shared.ts";
import { makeIso, writeTree } from "./_support/images.ts";
import { makeRoot, testContext, writeUnderRoot } from "./_support/context.ts";
import { AZURE_CHASSIS_ASSET_TAG, azureDataSource } from "../../src/datasources/azure.ts";
import type { FoundData, ProbeResult } from "../../src/datasources/types.ts";
import { processUserData } from "../../src/userdata/process_user_data.ts";

const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);

function assertData(result: ProbeResult): FoundData {
  assertEquals(result.kind, "data", JSON.stringify(result));
  return result as FoundData;
}

const OVF_ENV = `<?xml version="1.0" encoding="utf-8"?>
<Environment xmlns="http://schemas.dmtf.org/ovf/environment/1" xmlns:wa="http://schemas.microsoft.com/windowsazure">
  <wa:ProvisioningSection>
    <wa:LinuxProvisioningConfigurationSet>
      <wa:HostName>ovf-host</wa:HostName>
      <wa:UserName>azureuser</wa:UserName>
      <wa:DisableSshPasswordAuthentication>true</wa:DisableSshPasswordAuthentication>
      <wa:SSH><wa:PublicKeys>
        <wa:PublicKey><wa:Fingerprint>AB12</wa:Fingerprint><wa:Path>/home/azureuser/.ssh/authorized_keys</wa:Path>
          <wa:Value>ssh-ed25519 AAAAovf azureuser@ovf</wa:Value></wa:PublicKey>
        <wa:PublicKey><wa:Fingerprint>CD34</wa:Fingerprint><wa:Path>/x</wa:Path></wa:PublicKey>
      </wa:PublicKeys></wa:SSH>
      <wa:CustomData>
I2Nsb3VkLWNvbmZpZwpob3N0
bmFtZTogYXp1cmUK
      </wa:CustomData>
    </wa:LinuxProvisioningConfigurationSet>
  </wa:ProvisioningSection>
</Environment>
`;

/** Starts a loopback IMDS mock that records the Metadata header of each request. */
function startImds(document: unknown, status = 200) {
  const headers: (string | null)[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (request) => {
    headers.push(request.headers.get("Metadata"));
    return Response.json(document, { status });
  });
  const settings = JSON.stringify({
    dataSources: {
      azure: { imdsUrl: `http://127.0.0.1:${server.addr.port}/metadata/instance?api-version=1` },
    },
  });
  return { server, headers, settings };
}

async function azureRoot(files: Record<string, string> = {}): Promise<string> {
  const root = await makeRoot();
  await writeUnderRoot(root, {
    "/sys/class/dmi/id/chassis_asset_tag": `${AZURE_CHASSIS_ASSET_TAG}\n`,
    ...files,
  });
  return root;
}

Deno.test("Azure reports not-here without the asset tag", async () => {
  assertEquals(await azureDataSource.probe(testContext(await makeRoot())), { kind: "not-here" });
});

Deno.test("Azure reads ovf-env.xml and IMDS from a loopback mock", async () => {
  const imds = startImds({
    compute: {
      vmId: "11111111-2222-3333-4444-555555555555",
      osProfile: { computerName: "imds-host" },
      publicKeys: [{ keyData: "ssh-rsa AAAAimds imds@key", path: "/x" }],
    },
  });
  await using _server = imds.server;
  const root = await azureRoot({ "/var/lib/waagent/ovf-env.xml": OVF_ENV });

  const data = assertData(
    await azureDataSource.probe(testContext(root, { settings: imds.settings })),
  );

  assertEquals(imds.headers, ["true"]);
  assertEquals(data.instanceId, "11111111-2222-3333-4444-555555555555");
  assertEquals(data.localHostname, "ovf-host");
  assertEquals(data.publicKeys, ["ssh-ed25519 AAAAovf azureuser@ovf", "ssh-rsa AAAAimds imds@key"]);
  assertEquals(text(data.userData), "I2Nsb3VkLWNvbmZpZwpob3N0bmFtZTogYXp1cmUK");
  assertEquals(data.userDataIsBase64, true);
  assertEquals((data.metaData.azure as Record<string, unknown>).userName, "azureuser");
  assertEquals(data.source, join(root, "/var/lib/waagent/ovf-env.xml"));
});

Deno.test("Azure reads ovf-env.xml from the provisioning ISO without IMDS", async () => {
  const image = await makeIso(await writeTree({ "ovf-env.xml": OVF_ENV }), "rd_rdfe_stable", [
    "-J",
    "-r",
  ]);
  const imds = startImds({}, 500);
  await using _server = imds.server;
  const root = await azureRoot({ "/sys/class/dmi/id/product_uuid": "AAAA-BBBB\n" });
  await Deno.mkdir(join(root, "dev"), { recursive: true });
  await Deno.symlink(image, join(root, "dev/sr0"));

  const data = assertData(
    await azureDataSource.probe(testContext(root, { settings: imds.settings })),
  );

  assertEquals(data.instanceId, "aaaa-bbbb");
  assertEquals(data.localHostname, "ovf-host");
  assertEquals(data.source, `${join(root, "dev/sr0")}/ovf-env.xml`);
});

Deno.test("Azure is not ready without ovf-env.xml while IMDS fails", async () => {
  const imds = startImds({}, 503);
  await using _server = imds.server;

  const result = await azureDataSource.probe(
    testContext(await azureRoot(), { settings: imds.settings }),
  );

  assert(result.kind === "not-ready", JSON.stringify(result));
  assertStringIncludes(result.reason, "HTTP 503");
});

Deno.test("Azure uses IMDS alone when no ovf-env.xml exists", async () => {
  const imds = startImds({ compute: { vmId: "vm-1", name: "imds-name" } });
  await using _server = imds.server;

  const data = assertData(
    await azureDataSource.probe(testContext(await azureRoot(), { settings: imds.settings })),
  );

  assertEquals(data.instanceId, "vm-1");
  assertEquals(data.localHostname, "imds-name");
  assertEquals(data.userData, undefined);
});

sharedTest("Azure parses the corpus ovf-env.xml and IMDS fixtures", async (shared) => {
  const fixtures = join(shared, "corpus/egs/test/fixtures/azure");
  const imds = startImds(JSON.parse(await Deno.readTextFile(join(fixtures, "imds-instance.json"))));
  await using _server = imds.server;
  const root = await azureRoot({
    "/var/lib/waagent/ovf-env.xml": await Deno.readTextFile(join(fixtures, "ovf-env.xml")),
  });

  const data = assertData(
    await azureDataSource.probe(testContext(root, { settings: imds.settings })),
  );

  assertEquals(data.instanceId, "11111111-2222-3333-4444-555555555555");
  assertEquals(data.localHostname, "azure-test-host");
  assertEquals(text(data.userData), "I2Nsb3VkLWNvbmZpZwpob3N0bmFtZTogYXp1cmUtdGVzdC1ob3N0Cg==");
  const result = await processUserData({ userData: data.userData, base64: true });
  assertEquals(result.cloudConfig.hostname, "azure-test-host");
});

sharedTest("Azure delivers bug-04 CustomData for the pipeline to decode", async (shared) => {
  const caseDir = join(shared, "cases/bug-04");
  const data = assertData(
    await azureDataSource.probe(testContext(await makeRoot(), { seed: caseDir })),
  );

  const customData = text(data.userData);
  assert(
    customData.startsWith(
      "H4sIAAAAAAACAxXMSwqAIBRA0bmreNhYLGjkWoKwen7wi70KWn02u3DgDnss1yH2ko23zJWTsk6o",
    ),
  );
  assert(!/\s/.test(customData), "whitespace is removed");
  assertEquals(data.userDataIsBase64, true);
  assertEquals(data.localHostname, "host00");
  const result = await processUserData({ userData: data.userData, base64: true });
  assertEquals(result.cloudConfig.hostname, "host01");
});
