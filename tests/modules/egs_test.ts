import { assertEquals, assertStringIncludes } from "../_support/assert.ts";
import { parseServiceControl } from "../../src/service/daemon/service_control.ts";
import { createEgsModule, updateServiceControl } from "../../src/modules/egs.ts";
import { createTestContext, recordingPlatform } from "./_fakes.ts";

const PATH = "/etc/opt/eryph/guest-services/service-control.conf";

Deno.test("egs writes every settings flag as 1 or 0 into a new service-control.conf", async () => {
  await using test = await createTestContext({
    egs: {
      settings: {
        remote_access: false,
        provisioning: true,
        kvp_auth: false,
        port_forwarding: true,
      },
    },
  });
  const outcome = await test.run(createEgsModule());
  assertEquals(outcome.status, "applied");
  const text = test.platform.files.text(PATH) ?? "";
  assertStringIncludes(text, "ProvisioningEnabled=1\n");
  assertStringIncludes(text, "RemoteAccessEnabled=0\n");
  assertStringIncludes(text, "KvpAuthEnabled=0\n");
  assertStringIncludes(text, "PortForwardingEnabled=1\n");
  assertEquals(test.platform.files.files.get(PATH)?.mode, 0o644);
  assertEquals(parseServiceControl(text), {
    provisioningEnabled: true,
    remoteAccessEnabled: false,
    kvpAuthEnabled: false,
    autoUpdateEnabled: true,
    portForwardingEnabled: true,
  });
  assertEquals(
    test.logs.some((line) => line.includes("next start of the guest services")),
    true,
  );
});

Deno.test("egs updates matching lines in place and keeps comments and other keys", async () => {
  const platform = recordingPlatform();
  await platform.files.write(
    PATH,
    new TextEncoder().encode(
      "# managed by the image\nAutoUpdateEnabled=0\nremoteaccessenabled = 1\n\nCustom=x\n",
    ),
  );
  await using test = await createTestContext({ egs: { settings: { remote_access: false } } }, {
    platform,
  });
  await test.run(createEgsModule());
  assertEquals(
    platform.files.text(PATH),
    "# managed by the image\nAutoUpdateEnabled=0\nRemoteAccessEnabled=0\n\nCustom=x\n",
  );
});

Deno.test("updateServiceControl() starts a new file with one comment line", () => {
  assertEquals(
    updateServiceControl(undefined, { remoteAccess: true }),
    "# Service-control flags of the eryph guest services, read when they start.\n" +
      "RemoteAccessEnabled=1\n",
  );
});

Deno.test("egs leaves flags that egs.settings does not name untouched", () => {
  const text = updateServiceControl("KvpAuthEnabled=0\n", { portForwarding: true });
  assertEquals(text, "KvpAuthEnabled=0\nPortForwardingEnabled=1\n");
});

Deno.test("updateServiceControl() drops later copies of a key it sets", () => {
  const text = updateServiceControl("ProvisioningEnabled=1\nProvisioningEnabled=1\n", {
    provisioning: false,
  });
  assertEquals(text, "ProvisioningEnabled=0\n");
});

Deno.test("egs writes into the config directory it is given", async () => {
  await using test = await createTestContext({ egs: { settings: { kvp_auth: true } } });
  await test.run(createEgsModule({ configDir: "C:\\ProgramData\\eryph\\guest-services" }));
  assertEquals(
    test.platform.files.text("C:\\ProgramData\\eryph\\guest-services\\service-control.conf")
      ?.includes("KvpAuthEnabled=1"),
    true,
  );
});

Deno.test("egs warns that egs.update applies to Windows guests only", async () => {
  await using test = await createTestContext({ egs: { update: true } });
  const outcome = await test.run(createEgsModule());
  assertEquals(outcome.status, "unchanged");
  assertEquals(test.platform.files.text(PATH), undefined);
  assertEquals(test.logs.some((line) => line.includes("Windows guests only")), true);
});

Deno.test("egs reports unchanged when the file already holds the flags", async () => {
  const platform = recordingPlatform();
  await platform.files.write(PATH, new TextEncoder().encode("ProvisioningEnabled=0\n"));
  await using test = await createTestContext({ egs: { settings: { provisioning: false } } }, {
    platform,
  });
  assertEquals((await test.run(createEgsModule())).status, "unchanged");
});
