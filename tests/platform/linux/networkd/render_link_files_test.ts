import { parseNetworkConfigText } from "../../../../src/network/parse_network_config.ts";
import { renderLinkFiles } from "../../../../src/platform/linux/networkd/render_link_files.ts";
import { assertEquals } from "../../../_support/assert.ts";

Deno.test("renderLinkFiles() writes a .link file for a v1 physical entry with mac_address", () => {
  const model = parseNetworkConfigText(`version: 1
config:
  - type: physical
    name: lan0
    mac_address: "52:54:00:AA:BB:CC"
    subnets: [{ type: dhcp }]
`);
  assertEquals(
    renderLinkFiles(model),
    new Map([[
      "etc/systemd/network/10-cloud-init-lan0.link",
      "[Link]\nName=lan0\n\n[Match]\nMACAddress=52:54:00:aa:bb:cc\n",
    ]]),
  );
});

Deno.test("renderLinkFiles() writes nothing for NICs matched by name or by MAC without set-name", () => {
  const model = parseNetworkConfigText(`version: 2
ethernets:
  byname:
    match: { name: "en*" }
    set-name: lan1
  bymac:
    match: { macaddress: "52:54:00:12:34:56" }
`);
  assertEquals(renderLinkFiles(model).size, 0);
});
