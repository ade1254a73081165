import { assert, assertEquals, assertThrows } from "../_support/assert.ts";
import {
  parseNetworkConfig,
  parseNetworkConfigText,
} from "../../src/network/parse_network_config.ts";
import type { Problem } from "../../src/cloudconfig/problem.ts";
import { InputError } from "../../src/errors.ts";
import { YamlSyntaxError } from "../../src/cloudconfig/yaml/yaml_error.ts";

Deno.test("parseNetworkConfig() accepts bare and wrapped documents", () => {
  const bare = { version: 2, ethernets: { eth0: { dhcp4: true } } };
  for (const config of [bare, { network: bare }]) {
    const model = parseNetworkConfig(config);
    assertEquals(model.version, 2);
    assertEquals(model.devices.map((device) => device.id), ["eth0"]);
  }
});

Deno.test("parseNetworkConfig() rejects an unknown version", () => {
  const error = assertThrows(
    () => parseNetworkConfig({ version: 3, config: [] }, { file: "nc.yaml" }),
    InputError,
    "Unsupported network-config version 3",
  );
  assertEquals(error.location.file, "nc.yaml");
});

Deno.test("parseNetworkConfig() rejects values of the wrong type", () => {
  assertThrows(
    () =>
      parseNetworkConfig({ version: 1, config: [{ type: "vlan", name: "v", vlan_link: "eth0" }] }),
    InputError,
    "Invalid network-config",
  );
});

Deno.test("parseNetworkConfigText() reports unknown keys as warnings", () => {
  const warnings: Problem[] = [];
  const model = parseNetworkConfigText(
    "version: 2\nethernets:\n  eth0:\n    dhcp4: true\n    frobnicate: 1\n",
    { file: "nc.yaml", warnings },
  );
  assertEquals(model.devices.length, 1);
  assertEquals(warnings.length, 1);
  assertEquals(warnings[0].code, "unknown-key");
  assert(warnings[0].message.includes("frobnicate"), warnings[0].message);
});

Deno.test("parseNetworkConfigText() rejects broken YAML", () => {
  assertThrows(() => parseNetworkConfigText("version: [2\n"), YamlSyntaxError);
});
