import { assertEquals, assertThrows } from "../_support/assert.ts";
import { parseNoCloudHint } from "../../src/datasources/no_cloud_hint.ts";
import { parseOvfEnvironment } from "../../src/datasources/ovf_env.ts";
import { seedFileUrl } from "../../src/datasources/seed_from.ts";
import { normalizePublicKeys } from "../../src/datasources/meta_data.ts";
import { InputError } from "../../src/errors.ts";

Deno.test("parseNoCloudHint() reads short and long keys", () => {
  assertEquals(parseNoCloudHint("ro ds=nocloud;s=http://10.0.0.1/;i=iid-1;h=box quiet"), {
    seedFrom: "http://10.0.0.1/",
    metaData: { "instance-id": "iid-1", "local-hostname": "box" },
  });
  assertEquals(parseNoCloudHint("ds=nocloud-net\\;seedfrom=file:///seed/"), {
    seedFrom: "file:///seed/",
    metaData: {},
  });
});

Deno.test("parseNoCloudHint() ignores other datasources", () => {
  assertEquals(parseNoCloudHint("ds=ec2;s=http://x/"), undefined);
  assertEquals(parseNoCloudHint("System Serial Number"), undefined);
});

Deno.test("seedFileUrl() appends names the way cloud-init does", () => {
  assertEquals(seedFileUrl("http://h/seed/", "user-data"), "http://h/seed/user-data");
  assertEquals(seedFileUrl("http://h/seed", "user-data"), "http://h/seed/user-data");
  assertEquals(seedFileUrl("http://h/%s.txt", "meta-data"), "http://h/meta-data.txt");
  assertEquals(seedFileUrl("http://h/s?v=1", "meta-data"), "http://h/s?v=1meta-data");
});

Deno.test("parseOvfEnvironment() reads Windows provisioning names and entities", () => {
  const environment = parseOvfEnvironment(
    `<Environment><ProvisioningSection><WindowsProvisioningConfigurationSet>
      <ComputerName>win&amp;1</ComputerName><AdminUsername>admin</AdminUsername>
      <CustomData><![CDATA[YWJj]]></CustomData>
    </WindowsProvisioningConfigurationSet></ProvisioningSection></Environment>`,
    "ovf-env.xml",
  );

  assertEquals(environment.hostName, "win&1");
  assertEquals(environment.userName, "admin");
  assertEquals(environment.customData, "YWJj");
  assertEquals(environment.publicKeys, []);
});

Deno.test("parseOvfEnvironment() rejects mismatched tags", () => {
  assertThrows(
    () => parseOvfEnvironment("<a><b></a>", "media/ovf-env.xml"),
    InputError,
    "Invalid XML in media/ovf-env.xml",
  );
});

Deno.test("normalizePublicKeys() flattens strings, lists and mappings", () => {
  assertEquals(
    normalizePublicKeys({
      a: "ssh-rsa A\n# comment\n\nssh-rsa B",
      b: ["ssh-rsa A", { c: "ssh-rsa C" }],
    }),
    ["ssh-rsa A", "ssh-rsa B", "ssh-rsa C"],
  );
});
