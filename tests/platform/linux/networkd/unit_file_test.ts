import { assertEquals } from "../../../_support/assert.ts";
import { UnitFile } from "../../../../src/platform/linux/networkd/_unit_file.ts";

Deno.test("UnitFile sorts sections and lines and drops duplicates", () => {
  const file = new UnitFile();
  file.set("Network", "VLAN", "vlan2");
  file.set("Network", "DHCP", "no");
  file.set("Network", "VLAN", "vlan1");
  file.set("Network", "VLAN", "vlan2");
  file.set("Match", "Name", "eth0");
  assertEquals(
    file.toString(),
    "[Match]\nName=eth0\n\n[Network]\nDHCP=no\nVLAN=vlan1\nVLAN=vlan2\n",
  );
});

Deno.test("UnitFile writes each address in its own section", () => {
  const file = new UnitFile();
  file.set("Address", "Address", "192.0.2.11/24");
  file.set("Address", "Address", "192.0.2.10/24");
  assertEquals(
    file.toString(),
    "[Address]\nAddress=192.0.2.10/24\n\n[Address]\nAddress=192.0.2.11/24\n",
  );
});

Deno.test("UnitFile orders repeated sections by id string", () => {
  const file = new UnitFile();
  for (const id of ["r2", "r10", "a1", "c0"]) file.setIn("Route", id, "Gateway", id);
  assertEquals(
    file.toString(),
    ["a1", "c0", "r10", "r2"].map((id) => `[Route]\nGateway=${id}\n`).join("\n"),
  );
});
