import { assertEquals, assertRejects } from "../../../_support/assert.ts";
import { join } from "node:path";
import { writeNetworkFiles } from "../../../../src/platform/linux/networkd/write_network_files.ts";
import { OperationError } from "../../../../src/errors.ts";

async function withRoot(fn: (root: string) => Promise<void>): Promise<void> {
  const root = await Deno.makeTempDir({ prefix: "egs-networkd-" });
  try {
    await fn(root);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

Deno.test("writeNetworkFiles() creates files with mode 0644", async () => {
  await withRoot(async (root) => {
    const path = "etc/systemd/network/10-cloud-init-eth0.network";
    await writeNetworkFiles(root, new Map([[path, "[Match]\nName=eth0\n"]]));
    assertEquals(await Deno.readTextFile(join(root, path)), "[Match]\nName=eth0\n");
    assertEquals((await Deno.stat(join(root, path))).mode! & 0o777, 0o644);
  });
});

Deno.test("writeNetworkFiles() replaces a file and leaves no temp files", async () => {
  await withRoot(async (root) => {
    const path = "etc/systemd/network/10-cloud-init-eth0.network";
    await Deno.mkdir(join(root, "etc/systemd/network"), { recursive: true });
    await Deno.writeTextFile(join(root, path), "old", { mode: 0o600 });
    await writeNetworkFiles(root, new Map([[path, "new"]]));
    assertEquals(await Deno.readTextFile(join(root, path)), "new");
    assertEquals((await Deno.stat(join(root, path))).mode! & 0o777, 0o644);
    const names = [...Deno.readDirSync(join(root, "etc/systemd/network"))].map((entry) =>
      entry.name
    );
    assertEquals(names, ["10-cloud-init-eth0.network"]);
  });
});

Deno.test("writeNetworkFiles() rejects paths outside the root", async () => {
  await withRoot(async (root) => {
    for (const path of ["../escape.network", "/etc/systemd/network/x.network", "etc/../../x"]) {
      await assertRejects(
        () => writeNetworkFiles(root, new Map([[path, "x"]])),
        RangeError,
        "Invalid path",
      );
    }
  });
});

Deno.test("writeNetworkFiles() rejects a symlink out of the root", async () => {
  await withRoot(async (root) => {
    const outside = await Deno.makeTempDir({ prefix: "egs-networkd-outside-" });
    try {
      await Deno.mkdir(join(root, "etc/systemd"), { recursive: true });
      await Deno.symlink(outside, join(root, "etc/systemd/network"));
      await assertRejects(
        () =>
          writeNetworkFiles(
            root,
            new Map([["etc/systemd/network/10-cloud-init-eth0.network", "x"]]),
          ),
        OperationError,
        "outside the target root",
      );
      assertEquals([...Deno.readDirSync(outside)], []);
    } finally {
      await Deno.remove(outside, { recursive: true });
    }
  });
});
