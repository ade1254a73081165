import { validateNetworkConfig } from "../../../src/cloudconfig/schema/validate_network.ts";
import { loadYaml } from "../../../src/cloudconfig/yaml/load_yaml.ts";
import { assertEquals, assertStringIncludes } from "../../_support/assert.ts";

function check(yaml: string) {
  return validateNetworkConfig(loadYaml(yaml), { file: "network-config" });
}

Deno.test("validateNetworkConfig() accepts v1 entries of every type", () => {
  const problems = check(
    "version: 1\nconfig:\n  - {type: physical, name: eth0, mac_address: 'aa:bb:cc:dd:ee:ff',\n" +
      "     subnets: [{type: static, address: 10.0.0.2/24, gateway: 10.0.0.1}]}\n" +
      "  - {type: bond, name: bond0, bond_interfaces: [eth0], params: {bond-mode: active-backup}}\n" +
      "  - {type: bridge, name: br0, bridge_interfaces: [eth1], params: {bridge_stp: 'off'}}\n" +
      "  - {type: vlan, name: vlan10, vlan_link: eth0, vlan_id: 10}\n" +
      "  - {type: nameserver, address: [10.0.0.1], search: [example.com]}\n" +
      "  - {type: route, destination: 0.0.0.0/0, gateway: 10.0.0.1}\n",
  );
  assertEquals(problems, []);
});

Deno.test("validateNetworkConfig() checks the entry that matches the type", () => {
  const problems = check("version: 1\nconfig:\n  - {type: vlan, name: v, vlan_link: eth0}\n");
  assertEquals(problems.length, 1);
  assertEquals(problems[0].path, "config[0].vlan_id");
  assertEquals(problems[0].severity, "error");
});

Deno.test("validateNetworkConfig() warns about unknown keys of the matching entry type", () => {
  const problems = check(
    "version: 1\nconfig:\n  - {type: bond, name: b, bond_interfaces: [eth0], vlan_id: 3}\n",
  );
  assertEquals(problems.map((problem) => [problem.severity, problem.path]), [
    ["warning", "config[0].vlan_id"],
  ]);
});

Deno.test("validateNetworkConfig() accepts v2 wrapped in network", () => {
  const problems = check(
    "network:\n  version: 2\n  ethernets:\n    eth0:\n      match: {macaddress: 'aa:bb:cc:dd:ee:ff'}\n" +
      "      dhcp4: yes\n      set-name: lan0\n",
  );
  assertEquals(problems, []);
});

Deno.test("validateNetworkConfig() names the wrapped path of a v2 error", () => {
  const problems = check("network:\n  version: 2\n  ethernets:\n    eth0:\n      mtu: big\n");
  assertEquals(problems.map((problem) => problem.path), ["network.ethernets.eth0.mtu"]);
});

Deno.test("validateNetworkConfig() rejects an unknown version", () => {
  const [problem] = check("version: 3\n");
  assertEquals(problem.code, "invalid-version");
  assertStringIncludes(problem.message, "3");
});

Deno.test("validateNetworkConfig() rejects a document that is not a mapping", () => {
  assertEquals(check("- a\n")[0].code, "invalid-type");
});

Deno.test("validateNetworkConfig() names the wrapped path of an unknown key", () => {
  const problems = check("network:\n  version: 2\n  ethernets:\n    eth0:\n      colour: red\n");
  assertEquals(problems.map((problem) => [problem.path, problem.line]), [
    ["network.ethernets.eth0.colour", 5],
  ]);
});
