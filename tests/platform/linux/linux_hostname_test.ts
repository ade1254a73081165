import { LinuxFiles } from "../../../src/platform/linux/linux_files.ts";
import { LinuxHostname } from "../../../src/platform/linux/linux_hostname.ts";
import { assertEquals } from "../../_support/assert.ts";
import { RecordingProcesses, writeTree } from "./_fake_processes.ts";

async function withHostname(
  hostIsolated: boolean,
  respond: (argv: string[]) => { code: number } | undefined,
  fn: (
    root: string,
    hostname: LinuxHostname,
    processes: RecordingProcesses,
    setterCalls: string[],
  ) => Promise<void>,
) {
  const root = await Deno.makeTempDir({ prefix: "egs-hostname-" });
  try {
    await writeTree(root, {
      "/etc/hostname": "debian\n",
      "/etc/hosts": "127.0.0.1\tlocalhost\n127.0.1.1\tdebian\n",
    });
    const processes = new RecordingProcesses(respond);
    const setterCalls: string[] = [];
    const hostname = new LinuxHostname({
      files: new LinuxFiles(root),
      processes,
      hostIsolated,
      setRunningHostname: (name) => {
        setterCalls.push(name);
        return Promise.resolve();
      },
      now: () => new Date("2026-12-04T00:00:00Z"),
    });
    await fn(root, hostname, processes, setterCalls);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

Deno.test("LinuxHostname.set() under a root writes /etc/hostname only", async () => {
  await withHostname(true, () => undefined, async (root, hostname, processes, setterCalls) => {
    assertEquals(await hostname.set("host00", "host00.example.com"), false);
    assertEquals(await Deno.readTextFile(`${root}/etc/hostname`), "host00\n");
    assertEquals(processes.calls, []);
    assertEquals(setterCalls, []);
  });
});

Deno.test("LinuxHostname.set() on a live system runs hostnamectl", async () => {
  await withHostname(false, () => undefined, async (_root, hostname, processes, setterCalls) => {
    await hostname.set("host00");
    assertEquals(processes.commandLines(), ["hostnamectl set-hostname host00"]);
    assertEquals(setterCalls, []);
  });
});

Deno.test("LinuxHostname.set() falls back to the setter when hostnamectl fails", async () => {
  await withHostname(
    false,
    () => ({ code: 1 }),
    async (_root, hostname, _processes, setterCalls) => {
      await hostname.set("host00");
      assertEquals(setterCalls, ["host00"]);
    },
  );
});

Deno.test("LinuxHostname.updateHostsFile() adds the names and reads them back", async () => {
  await withHostname(true, () => undefined, async (root, hostname) => {
    await hostname.set("host00");
    await hostname.updateHostsFile("host00", "host00.example.com");
    assertEquals(
      await Deno.readTextFile(`${root}/etc/hosts`),
      "127.0.0.1\tlocalhost\n127.0.1.1\tdebian\n127.0.1.1\thost00.example.com\thost00\n",
    );
    assertEquals(await hostname.read(), { hostname: "host00", fqdn: "host00.example.com" });
  });
});
