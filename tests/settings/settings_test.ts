import { assertEquals } from "../_support/assert.ts";
import { join } from "node:path";
import { defaultSettings, loadSettings, parseSettings } from "../../src/settings/settings.ts";

Deno.test("parseSettings() fills every default", () => {
  const settings = parseSettings("{}");
  assertEquals(settings.userData.maxRecursionDepth, 10);
  assertEquals(settings.userData.fetchTimeoutSeconds, 30);
  assertEquals(settings.userData.fetchMaxAttempts, 4);
  assertEquals(settings.userData.fetchInitialBackoffSeconds, 1);
  assertEquals(settings.userData.fetchMaxBytes, 10 * 1024 * 1024);
  assertEquals(settings.dataSources.readinessTimeoutMinutes, 15);
  assertEquals(settings.dataSources.minBackoffSeconds, 1);
  assertEquals(settings.dataSources.maxBackoffSeconds, 60);
  assertEquals(settings.dataSources.dataSourceList, undefined);
  assertEquals(settings.reboot, { maxPerModule: 3, maxPerScript: 10, allowScriptOverride: true });
  assertEquals(settings.coexistence, "defer");
});

Deno.test("parseSettings() matches keys case-insensitively", () => {
  const settings = parseSettings(
    `{"USERDATA": {"maxrecursiondepth": 3}, "Stages": {"CONFIG": {"disabledmodules": ["runcmd"]}}}`,
  );
  assertEquals(settings.userData.maxRecursionDepth, 3);
  assertEquals(settings.stages.config?.disabledModules, ["runcmd"]);
});

Deno.test("parseSettings() accepts comments and trailing commas", () => {
  const text = `{
    // a line comment, and "quotes" inside it
    "reboot": { "maxPerScript": 20, /* a block comment */ },
    "coexistence": "provision",
  }`;
  const settings = parseSettings(text);
  assertEquals(settings.reboot.maxPerScript, 20);
  assertEquals(settings.coexistence, "provision");
});

Deno.test("parseSettings() keeps comment markers inside strings", () => {
  const settings = parseSettings(`{"dataSources": {"dataSourceList": ["http://x//y", "a,]"]}}`);
  assertEquals(settings.dataSources.dataSourceList, ["http://x//y", "a,]"]);
});

Deno.test("parseSettings() returns defaults for malformed JSON", () => {
  assertEquals(parseSettings("{ not json"), defaultSettings());
});

Deno.test("parseSettings() returns defaults for a wrong type", () => {
  assertEquals(parseSettings(`{"reboot": {"maxPerScript": "many"}}`), defaultSettings());
});

Deno.test("loadSettings() prefers the config dir over the state dir", async () => {
  const root = await Deno.makeTempDir();
  try {
    await Deno.mkdir(join(root, "config"));
    await Deno.mkdir(join(root, "state"));
    await Deno.writeTextFile(join(root, "state", "settings.json"), `{"reboot":{"maxPerModule":7}}`);
    const locations = { configDir: join(root, "config"), stateDir: join(root, "state") };
    assertEquals((await loadSettings(locations)).reboot.maxPerModule, 7);

    await Deno.writeTextFile(
      join(root, "config", "egs-provisioning.json"),
      `{"reboot":{"maxPerModule":5}}`,
    );
    assertEquals((await loadSettings(locations)).reboot.maxPerModule, 5);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
