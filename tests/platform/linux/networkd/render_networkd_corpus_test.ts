/**
 * cloud-init's own rendering cases judge the renderer: for every input whose
 * expected folder has systemd-networkd files, the rendered set of files and
 * their contents (trimmed) must be the same.
 */

import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { assert, assertEquals, assertStringIncludes } from "../../../_support/assert.ts";
import { sharedPath, sharedTest } from "../../../_support/shared.ts";
import { parseNetworkConfigText } from "../../../../src/network/parse_network_config.ts";
import { renderNetworkd } from "../../../../src/platform/linux/networkd/render_networkd.ts";

const RENDERING = ["corpus", "cloud-init", "network-config", "rendering"];
const NETWORK_DIR = "etc/systemd/network";

async function render(path: string): Promise<Map<string, string>> {
  return renderNetworkd(parseNetworkConfigText(await Deno.readTextFile(path), { file: path }));
}

/** Lists the rendering cases with networkd files; empty when the shared folder is absent. */
function networkdCases(): string[] {
  const folder = sharedPath(...RENDERING);
  if (folder === undefined || !existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((name) => /_v[12]\.yaml$/.test(name))
    .map((name) => name.replace(/\.yaml$/, ""))
    .filter((name) => existsSync(join(folder, name, NETWORK_DIR)))
    .sort();
}

const cases = networkdCases();
for (const name of cases) {
  sharedTest(`renderNetworkd() matches cloud-init for ${name}`, async (shared) => {
    const folder = join(shared, ...RENDERING);
    const files = await render(join(folder, `${name}.yaml`));

    const expectedDir = join(folder, name, NETWORK_DIR);
    const expectedNames = readdirSync(expectedDir).sort();
    const renderedNames = [...files.keys()].map((path) => path.slice(NETWORK_DIR.length + 1))
      .sort();
    assertEquals(renderedNames, expectedNames, "set of rendered files");

    for (const fileName of expectedNames) {
      const expected = await Deno.readTextFile(join(expectedDir, fileName));
      const rendered = files.get(`${NETWORK_DIR}/${fileName}`)!;
      assertEquals(rendered.trim(), expected.trim(), fileName);
    }
  });
}

sharedTest("renderNetworkd() corpus has networkd cases", () => {
  // Guards the loop above: a moved corpus must not turn into zero tests.
  assert(cases.length >= 2, `found ${cases.length} cases`);
});

sharedTest("renderNetworkd() renders every v1 example", async (shared) => {
  const folder = join(shared, "corpus", "cloud-init", "network-config");
  const examples = readdirSync(folder).filter((name) => /^network-config-v1-.*\.yaml$/.test(name));
  assert(examples.length > 0, "no v1 examples found");
  for (const example of examples) {
    const files = await render(join(folder, example));
    assert(files.size > 0, `${example} rendered no files`);
    for (const [path, content] of files) {
      assert(path.startsWith(`${NETWORK_DIR}/10-cloud-init-`), path);
      assertStringIncludes(content, path.endsWith(".netdev") ? "[NetDev]\n" : "[Match]\n", path);
    }
  }
});

sharedTest("renderNetworkd() v1 examples give expected lines", async (shared) => {
  const folder = join(shared, "corpus", "cloud-init", "network-config");
  const expectations: [string, string, string[]][] = [
    ["network-config-v1-subnet-static.yaml", "10-cloud-init-interface0.network", [
      "[Address]\nAddress=192.168.23.14/27\n",
      "DNS=192.168.23.2 8.8.8.8\n",
      "Domains=exemplary.maas\n",
      "[Route]\nGateway=192.168.23.1\n",
      "[Match]\nMACAddress=00:11:22:33:44:55\nName=interface0\n",
    ]],
    ["network-config-v1-subnet-routes.yaml", "10-cloud-init-interface0.network", [
      "DHCP=ipv4\n",
      "[Route]\nDestination=10.176.0.0/12\nGateway=10.184.225.121\n",
      "[Route]\nDestination=10.208.0.0/12\nGateway=10.184.225.121\n",
      "[Address]\nAddress=10.184.225.122/30\n",
    ]],
    ["network-config-v1-route.yaml", "10-cloud-init-interface0.network", [
      "[Route]\nDestination=192.168.24.0/24\nGateway=192.168.24.1\nMetric=3\n",
    ]],
    ["network-config-v1-bonded-vlan.yaml", "10-cloud-init-bond0.netdev", [
      "[Bond]\nLACPTransmitRate=fast\nMode=802.3ad\n",
      "[NetDev]\nKind=bond\nName=bond0\n",
    ]],
    ["network-config-v1-bonded-vlan.yaml", "10-cloud-init-bond0.network", ["VLAN=bond0.200\n"]],
    ["network-config-v1-bridge.yaml", "10-cloud-init-jumbo0.network", [
      "[Bridge]\nCost=75\nPriority=28\n",
      "Bridge=br0\n",
      "[Link]\nMTUBytes=9000\n",
    ]],
    ["network-config-v1-multiple-vlan.yaml", "10-cloud-init-eth1.2667.netdev", [
      "[NetDev]\nKind=vlan\nMTUBytes=1500\nName=eth1.2667\n",
      "[VLAN]\nId=2667\n",
    ]],
  ];
  for (const [example, fileName, snippets] of expectations) {
    const files = await render(join(folder, example));
    const content = files.get(`${NETWORK_DIR}/${fileName}`);
    assert(content !== undefined, `${example} did not render ${fileName}`);
    for (const snippet of snippets) {
      assertStringIncludes(content, snippet, `${example} ${fileName}`);
    }
  }
});

sharedTest("renderNetworkd() renders the EGS fixtures", async (shared) => {
  const folder = join(shared, "corpus", "egs", "test", "fixtures", "network-config");
  const fixtures = readdirSync(folder).filter((name) => name.endsWith(".yaml"));
  assert(fixtures.length > 0, "no EGS fixtures found");
  for (const fixture of fixtures) {
    const files = await render(join(folder, fixture));
    assert(files.size > 0, `${fixture} rendered no files`);
  }

  const matched = await render(join(folder, "issue-59-v2-match.yaml"));
  const eth0 = matched.get(`${NETWORK_DIR}/10-cloud-init-eth0.network`) ?? "";
  assertStringIncludes(eth0, "[Match]\nMACAddress=00:11:22:aa:bb:cc\n\n");
  assertStringIncludes(eth0, "[Route]\nGateway=10.0.0.1\n");

  const dhcp = await render(join(folder, "eryph-v1-dhcp.yaml"));
  assertEquals(
    dhcp.get(`${NETWORK_DIR}/10-cloud-init-eth0.network`),
    "[Match]\nMACAddress=d2:ab:04:5a:29:47\nName=eth0\n\n[Network]\nDHCP=ipv4\n",
  );
});
