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

Deno.test("LinuxNetwork.apply() under a root writes a .link file for the rename", async () => {
  await withNetwork(true, async (root, network) => {
    await network.apply(parseNetworkConfigText(CONFIG));
    assertEquals(
      await Deno.readTextFile(`${root}/target/etc/systemd/network/10-cloud-init-lan0.link`),
      "[Link]\nName=lan0\n\n[Match]\nMACAddress=52:54:00:12:34:56\n",
    );
  });
});

Deno.test("LinuxNetwork.apply() writes no .link file for a MAC match without set-name", async () => {
  await withNetwork(true, async (root, network) => {
    await network.apply(parseNetworkConfigText(CONFIG.replace("    set-name: lan0\n", "")));
    const names = [...Deno.readDirSync(`${root}/target/etc/systemd/network`)].map((e) => e.name);
    assertEquals(names, ["10-cloud-init-lan.network"]);
  });
});

Deno.test("LinuxNetwork.apply() on a live system runs networkctl reload and survives its failure", async () => {
  const root = await Deno.makeTempDir({ prefix: "egs-network-" });
  try {
    await Deno.mkdir(`${root}/sys/eth0`, { recursive: true });
    const processes = new RecordingProcesses((argv) =>
      argv[0] === "networkctl" ? { code: 1, stderr: "networkd is not running" } : undefined
    );
    const network = new LinuxNetwork({
      root,
      processes,
      hostIsolated: false,
      sysClassNet: `${root}/sys`,
    });
    const config = "version: 2\nethernets:\n  eth0:\n    dhcp4: true\n";
    assertEquals(await network.apply(parseNetworkConfigText(config)), false);
    assertEquals(processes.commandLines(), ["networkctl reload"]);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("LinuxNetwork.apply() writes netplan YAML mode 0600 when the root has netplan", async () => {
  await withNetwork(true, async (root, network, processes) => {
    await writeTree(`${root}/target`, { "/usr/sbin/netplan": "#!/bin/sh\n" });
    await network.apply(parseNetworkConfigText(CONFIG));
    const path = `${root}/target/etc/netplan/50-cloud-init.yaml`;
    assertEquals((await Deno.stat(path)).mode! & 0o777, 0o600);
    const text = await Deno.readTextFile(path);
    assertStringIncludes(text, "network:\n  version: 2\n  ethernets:\n    lan:\n");
    assertStringIncludes(text, "set-name: lan0");
    assertEquals(
      await Deno.stat(`${root}/target/etc/systemd/network`).then(() => true, () => false),
      false,
    );
    assertEquals(processes.calls, []);
  });
});

Deno.test("LinuxNetwork.apply() runs netplan generate and apply on a live system", async () => {
  await withNetwork(false, async (root, network, processes) => {
    await writeTree(`${root}/target`, { "/usr/sbin/netplan": "#!/bin/sh\n" });
    await network.apply(parseNetworkConfigText(CONFIG));
    assertEquals(processes.commandLines(), ["netplan generate", "netplan apply"]);
  });
});

Deno.test("LinuxNetwork.apply() on a live system renames the NIC matched by MAC", async () => {
  await withNetwork(false, async (_root, network, processes) => {
    await network.apply(parseNetworkConfigText(CONFIG));
    assertEquals(processes.commandLines(), [
      "ip link set dev eth0 down",
      "ip link set dev eth0 name lan0",
      "ip link set dev lan0 up",
      "networkctl reload",
    ]);
  });
});
