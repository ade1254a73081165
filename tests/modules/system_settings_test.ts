import { assertEquals, assertRejects, assertStringIncludes } from "../_support/assert.ts";
import { OperationError } from "../../src/errors.ts";
import { keyboardModule } from "../../src/modules/keyboard.ts";
import { localeModule } from "../../src/modules/locale.ts";
import {
  CHRONY_CONF,
  CHRONYD_PROGRAM,
  DEFAULT_DEBIAN_POOLS,
  ntpModule,
  TIMESYNCD_DROP_IN,
} from "../../src/modules/ntp.ts";
import { timezoneModule } from "../../src/modules/timezone.ts";
import { createTestContext, recordingPlatform } from "./_fakes.ts";

Deno.test("timezone writes /etc/timezone and links /etc/localtime", async () => {
  const platform = recordingPlatform();
  await platform.files.write("/usr/share/zoneinfo/Europe/Berlin", new Uint8Array([1]));
  await using test = await createTestContext({ timezone: "Europe/Berlin" }, { platform });
  await test.run(timezoneModule);
  assertEquals(platform.files.text("/etc/timezone"), "Europe/Berlin\n");
  assertEquals(platform.processes.commands(), [
    "ln -sf /usr/share/zoneinfo/Europe/Berlin /etc/localtime",
  ]);
});

const badZones = ["Mars/Olympus", "../../etc/passwd", "Europe/Berlin; rm -rf /"];

for (const zone of badZones) {
  Deno.test(`timezone rejects ${JSON.stringify(zone)}`, async () => {
    await using test = await createTestContext({ timezone: zone });
    const error = await assertRejects(() => test.run(timezoneModule), OperationError);
    assertStringIncludes(error.message, `Cannot set timezone "${zone}"`);
    assertEquals(test.platform.files.text("/etc/timezone"), undefined);
    assertEquals(test.platform.processes.commands(), []);
  });
}

Deno.test("locale writes LANG to /etc/default/locale", async () => {
  await using test = await createTestContext({ locale: "de_DE.UTF-8" });
  await test.run(localeModule);
  assertEquals(test.platform.files.text("/etc/default/locale"), "LANG=de_DE.UTF-8\n");
});

Deno.test("locale does nothing for locale: false", async () => {
  await using test = await createTestContext({ locale: "false" });
  assertEquals((await test.run(localeModule)).status, "unchanged");
  assertEquals(test.platform.files.files.size, 0);
});

Deno.test("keyboard writes the XKB variables", async () => {
  await using test = await createTestContext({ keyboard: { layout: "de", variant: "nodeadkeys" } });
  await test.run(keyboardModule);
  const text = test.platform.files.text("/etc/default/keyboard") ?? "";
  for (
    const line of ['XKBMODEL="pc105"', 'XKBLAYOUT="de"', 'XKBVARIANT="nodeadkeys"', 'XKBOPTIONS=""']
  ) {
    assertStringIncludes(text, `${line}\n`);
  }
});

Deno.test("ntp writes servers and pools to the timesyncd drop-in", async () => {
  await using test = await createTestContext({
    ntp: { servers: ["ntp1.example.com"], pools: ["pool.example.com"] },
  });
  await test.run(ntpModule);
  const text = test.platform.files.text(TIMESYNCD_DROP_IN) ?? "";
  assertStringIncludes(text, "[Time]\nNTP=ntp1.example.com pool.example.com\n");
  assertEquals(test.platform.processes.commands(), []);
});

Deno.test("ntp falls back to the Debian pools and restarts timesyncd live", async () => {
  await using test = await createTestContext({ ntp: null }, { hostIsolated: false });
  await test.run(ntpModule);
  assertStringIncludes(
    test.platform.files.text(TIMESYNCD_DROP_IN) ?? "",
    `NTP=${DEFAULT_DEBIAN_POOLS.join(" ")}\n`,
  );
  assertEquals(test.platform.processes.commands(), [
    "systemctl try-restart systemd-timesyncd.service",
  ]);
});

Deno.test("ntp writes chrony.conf instead of the timesyncd drop-in when chronyd is installed", async () => {
  const platform = recordingPlatform();
  await platform.files.write(CHRONYD_PROGRAM, new Uint8Array([0x7f]));
  await using test = await createTestContext({
    ntp: {
      servers: ["ntp1.example.com"],
      pools: ["pool.example.com"],
      peers: ["peer.example.com"],
      allow: ["192.0.2.0/24"],
    },
  }, { platform, hostIsolated: false });
  await test.run(ntpModule);
  const text = platform.files.text(CHRONY_CONF) ?? "";
  for (
    const line of [
      "pool pool.example.com iburst",
      "server ntp1.example.com iburst",
      "peer peer.example.com",
      "allow 192.0.2.0/24",
      "driftfile /var/lib/chrony/chrony.drift",
    ]
  ) {
    assertStringIncludes(text, `${line}\n`);
  }
  assertEquals(platform.files.text(TIMESYNCD_DROP_IN), undefined);
  assertEquals(platform.processes.commands(), ["systemctl try-restart chrony.service"]);
});

Deno.test("ntp gives chrony the Debian pools when ntp names no hosts", async () => {
  const platform = recordingPlatform();
  await platform.files.write(CHRONYD_PROGRAM, new Uint8Array([0x7f]));
  await using test = await createTestContext({ ntp: null }, { platform });
  await test.run(ntpModule);
  assertStringIncludes(
    platform.files.text(CHRONY_CONF) ?? "",
    "pool 0.debian.pool.ntp.org iburst\n",
  );
  assertEquals(platform.processes.commands(), []);
});

Deno.test("ntp keeps timesyncd when ntp_client names it although chronyd is installed", async () => {
  const platform = recordingPlatform();
  await platform.files.write(CHRONYD_PROGRAM, new Uint8Array([0x7f]));
  await using test = await createTestContext({ ntp: { ntp_client: "systemd-timesyncd" } }, {
    platform,
  });
  await test.run(ntpModule);
  assertEquals(platform.files.files.has(TIMESYNCD_DROP_IN), true);
  assertEquals(platform.files.files.has(CHRONY_CONF), false);
});

Deno.test("ntp does nothing when enabled is false", async () => {
  await using test = await createTestContext({ ntp: { enabled: false } });
  assertEquals((await test.run(ntpModule)).status, "unchanged");
  assertEquals(test.platform.files.files.size, 0);
});

Deno.test("ntp warns about another ntp_client and configures timesyncd", async () => {
  await using test = await createTestContext({ ntp: { ntp_client: "chrony" } });
  await test.run(ntpModule);
  assertEquals(test.platform.files.files.has(TIMESYNCD_DROP_IN), true);
  const warnings = test.logs.filter((line) => line.includes('"level":"WARN"'));
  assertStringIncludes(warnings[0] ?? "", "ntp.ntp_client");
});
