/**
 * Field case: a v2 ethernet keyed `id0` and matched by MAC without
 * `set-name` must keep its OS-given name, while a `set-name` entry matched
 * by an upper-case MAC is renamed.
 */

import { assert, assertEquals } from "../_support/assert.ts";
import { sharedTest } from "../_support/shared.ts";
import { join } from "node:path";
import { parseNetworkConfigText } from "../../src/network/parse_network_config.ts";
import { renameRequests } from "../../src/network/rename_requests.ts";
import type { NetworkModel, PhysicalDevice } from "../../src/network/model.ts";
import { renderNetworkd } from "../../src/platform/linux/networkd/render_networkd.ts";

const NETWORK_DIR = "etc/systemd/network";

async function loadCase(shared: string): Promise<NetworkModel> {
  const path = join(shared, "cases", "bug-14", "network-config");
  return parseNetworkConfigText(await Deno.readTextFile(path), { file: path });
}

function physical(model: NetworkModel, id: string): PhysicalDevice {
  const device = model.devices.find((candidate) => candidate.id === id);
  assert(device?.kind === "physical", `ethernet ${id} is missing`);
  return device;
}

sharedTest("bug-14 id0 keeps its name in the model", async (shared) => {
  const id0 = physical(await loadCase(shared), "id0");
  assertEquals(id0.name, undefined);
  assertEquals(id0.setName, undefined);
  assertEquals(id0.match.macAddress, "52:54:00:12:34:56");
  assertEquals(id0.subnets.map((subnet) => subnet.address), ["192.0.2.10/24"]);
  assertEquals(id0.routes, [{ destination: "0.0.0.0/0", gateway: "192.0.2.1" }]);
  assertEquals(id0.dns?.nameservers, ["192.0.2.53"]);
});

sharedTest("bug-14 requests only the lan1 rename", async (shared) => {
  const model = await loadCase(shared);
  assertEquals(renameRequests(model), [{ macAddress: "52:54:00:ab:cd:ef", name: "lan1" }]);
  const lan1 = physical(model, "lan1");
  assertEquals(lan1.setName, "lan1");
  assertEquals(lan1.subnets.map((subnet) => subnet.type), ["dhcp4"]);
});

sharedTest("bug-14 id0 file matches by MAC only", async (shared) => {
  const files = renderNetworkd(await loadCase(shared));
  const content = files.get(`${NETWORK_DIR}/10-cloud-init-id0.network`);
  assert(content !== undefined, `rendered files: ${[...files.keys()].join(", ")}`);
  assertEquals(sectionLines(content, "Match"), ["MACAddress=52:54:00:12:34:56"]);
  assertEquals(sectionLines(content, "Address"), ["Address=192.0.2.10/24"]);
  assertEquals(sectionLines(content, "Route"), ["Destination=0.0.0.0/0", "Gateway=192.0.2.1"]);
  assertEquals(sectionLines(content, "Network"), ["DHCP=no", "DNS=192.0.2.53"]);
});

sharedTest("bug-14 no file asks for the name id0", async (shared) => {
  const files = renderNetworkd(await loadCase(shared));
  assertEquals(files.size, 2);
  for (const [path, content] of files) {
    assert(!/^Name=id0$/m.test(content), `${path} asks for the name id0`);
    assert(!path.endsWith(".link"), `${path} renames a link`);
  }
});

sharedTest("bug-14 lan1 file matches MAC and new name", async (shared) => {
  const files = renderNetworkd(await loadCase(shared));
  const content = files.get(`${NETWORK_DIR}/10-cloud-init-lan1.network`);
  assert(content !== undefined, `rendered files: ${[...files.keys()].join(", ")}`);
  assertEquals(sectionLines(content, "Match"), ["MACAddress=52:54:00:ab:cd:ef", "Name=lan1"]);
  assertEquals(sectionLines(content, "Network"), ["DHCP=ipv4"]);
});

/** Returns the lines of every section called `name`, in file order. */
function sectionLines(content: string, name: string): string[] {
  const lines: string[] = [];
  let inside = false;
  for (const line of content.split("\n")) {
    if (line.startsWith("[")) inside = line === `[${name}]`;
    else if (inside && line.trim() !== "") lines.push(line);
  }
  return lines;
}
