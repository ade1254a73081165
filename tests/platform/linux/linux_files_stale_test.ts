import { LinuxFiles } from "../../../src/platform/linux/linux_files.ts";
import { assertEquals } from "../../_support/assert.ts";

Deno.test("LinuxFiles.write() removes temporaries of a killed write", async () => {
  const root = await Deno.makeTempDir({ prefix: "egs-files-stale-" });
  try {
    await Deno.mkdir(`${root}/etc`);
    await Deno.writeTextFile(`${root}/etc/hostname.egs-tmp-1111`, "half");
    await Deno.writeTextFile(`${root}/etc/hosts.egs-tmp-2222`, "other file");
    await new LinuxFiles(root).write("/etc/hostname", new TextEncoder().encode("host\n"));
    const names = (await Array.fromAsync(Deno.readDir(`${root}/etc`))).map((e) => e.name).sort();
    assertEquals(names, ["hostname", "hosts.egs-tmp-2222"]);
    assertEquals(await Deno.readTextFile(`${root}/etc/hostname`), "host\n");
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
