import { parseNetworkConfigText } from "../../../src/network/parse_network_config.ts";
import { LinuxNetwork } from "../../../src/platform/linux/linux_network.ts";
import { assertEquals, assertStringIncludes } from "../../_support/assert.ts";
import { RecordingProcesses, writeTree } from "./_fake_processes.ts";

const CONFIG = `version: 2
ethernets:
  lan:
    match:
      macaddress: "52:54:00:12:34:56"
    set-name: lan0
    dhcp4: true
`;

async function withNetwork(
  hostIsolated: boolean,
  fn: (root: string, network: LinuxNetwork, processes: RecordingProcesses) => Promise<void>,
) {
  const root = await Deno.makeTempDir({ prefix: "egs-network-" });
  try {
    // A fake sysfs with the NIC under its kernel name.
    await writeTree(root, { "/sys/class/net/eth0/address": "52:54:00:12:34:56\n" });
    const processes = new RecordingProcesses();
    const network = new LinuxNetwork({
      root: `${root}/target`,
      processes,
      hostIsolated,
      sysClassNet: `${root}/sys/class/net`,
    });
    await Deno.mkdir(`${root}/target`);
    await fn(root, network, processes);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

Deno.test("LinuxNetwork.apply() under a root writes networkd files and renames nothing", async () => {
  await withNetwork(true, async (root, network, processes) => {
    assertEquals(await network.apply(parseNetworkConfigText(CONFIG)), false);
    const text = await Deno.readTextFile(
      `${root}/target/etc/systemd/network/10-cloud-init-lan0.network`,
    );
    assertStringIncludes(text, "DHCP=ipv4");
    assertEquals(processes.calls, []);
  });
});

Deno.test("LinuxNetwork.apply() on a live system renames the NIC matched by MAC", async () => {
  await withNetwork(false, async (_root, network, processes) => {
    await network.apply(parseNetworkConfigText(CONFIG));
    assertEquals(processes.commandLines(), [
      "ip link set dev eth0 down",
      "ip link set dev eth0 name lan0",
      "ip link set dev lan0 up",
    ]);
  });
});
