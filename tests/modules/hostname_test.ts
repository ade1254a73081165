import { assertEquals } from "../_support/assert.ts";
import { pickHostNames } from "../../src/modules/_host_names.ts";
import { normalizeCloudConfig } from "../../src/cloudconfig/validate.ts";
import { createSetHostnameModule } from "../../src/modules/set_hostname.ts";
import { updateEtcHostsModule } from "../../src/modules/update_etc_hosts.ts";
import { createUpdateHostnameModule } from "../../src/modules/update_hostname.ts";
import { createTestContext, recordingPlatform } from "./_fakes.ts";

const nameCases: [string, Record<string, unknown>, Record<string, unknown>, unknown][] = [
  ["hostname only", { hostname: "host01" }, {}, { hostname: "host01", source: "config" }],
  ["fqdn only", { fqdn: "web.example.com" }, {}, {
    hostname: "web",
    fqdn: "web.example.com",
    source: "config",
  }],
  ["hostname and fqdn", { hostname: "h", fqdn: "web.example.com" }, {}, {
    hostname: "h",
    fqdn: "web.example.com",
    source: "config",
  }],
  ["dotted hostname", { hostname: "db.example.com" }, {}, {
    hostname: "db",
    fqdn: "db.example.com",
    source: "config",
  }],
  [
    "prefer_fqdn_over_hostname",
    {
      hostname: "h",
      fqdn: "web.example.com",
      prefer_fqdn_over_hostname: true,
    },
    {},
    { hostname: "web.example.com", fqdn: "web.example.com", source: "config" },
  ],
  ["meta-data local-hostname", {}, { "local-hostname": "md-host" }, {
    hostname: "md-host",
    source: "meta-data",
  }],
  ["config over meta-data", { hostname: "cfg" }, { "local-hostname": "md" }, {
    hostname: "cfg",
    source: "config",
  }],
  ["nothing", {}, {}, undefined],
];

for (const [name, config, metadata, expected] of nameCases) {
  Deno.test(`pickHostNames() handles ${name}`, () => {
    const instance = { instanceId: "i", metadata };
    assertEquals(pickHostNames(normalizeCloudConfig(config), instance), expected);
  });
}

Deno.test("set_hostname sets the name and records it", async () => {
  await using test = await createTestContext({ hostname: "host01", fqdn: "host01.example.com" });
  const outcome = await test.run(createSetHostnameModule());
  assertEquals(outcome.status, "applied");
  assertEquals(test.platform.hostname.sets, ["host01 host01.example.com"]);
  assertEquals(
    test.platform.files.text("/var/lib/eryph/provisioning/data/previous-hostname"),
    "host01.example.com\n",
  );
});

Deno.test("set_hostname leaves the name with preserve_hostname", async () => {
  await using test = await createTestContext({ hostname: "host01", preserve_hostname: true });
  assertEquals((await test.run(createSetHostnameModule())).status, "unchanged");
  assertEquals(test.platform.hostname.sets, []);
});

Deno.test("set_hostname falls back to the meta-data local-hostname", async () => {
  await using test = await createTestContext({}, { metadata: { "local-hostname": "md-host" } });
  await test.run(createSetHostnameModule());
  assertEquals(test.platform.hostname.sets, ["md-host"]);
});

Deno.test("set_hostname requests a reboot when the platform needs one", async () => {
  const platform = recordingPlatform();
  platform.hostname.needsReboot = true;
  await using test = await createTestContext({ hostname: "win01" }, { platform });
  const outcome = await test.run(createSetHostnameModule());
  assertEquals(outcome.status, "reboot");
});

Deno.test("update_hostname keeps a name changed by hand", async () => {
  const platform = recordingPlatform();
  {
    await using test = await createTestContext({ hostname: "host01" }, { platform });
    await test.run(createSetHostnameModule());
  }
  platform.hostname.current = { hostname: "by-hand" };
  await using again = await createTestContext({ hostname: "host01" }, { platform });
  assertEquals((await again.run(createUpdateHostnameModule())).status, "unchanged");
  assertEquals(platform.hostname.current.hostname, "by-hand");

  await using changed = await createTestContext({ hostname: "host02" }, { platform });
  assertEquals((await changed.run(createUpdateHostnameModule())).status, "applied");
  assertEquals(platform.hostname.current.hostname, "host02");
});

const hostsCases: [unknown, string[]][] = [
  [true, ["host01 host01.example.com"]],
  ["template", ["host01 host01.example.com"]],
  ["localhost", ["host01 host01.example.com"]],
  [false, []],
];

for (const [mode, expected] of hostsCases) {
  Deno.test(`update_etc_hosts with manage_etc_hosts ${mode}`, async () => {
    await using test = await createTestContext({
      fqdn: "host01.example.com",
      manage_etc_hosts: mode,
    });
    await test.run(updateEtcHostsModule);
    assertEquals(test.platform.hostname.hostsFile, expected);
  });
}
