import { OperationError } from "../../../src/errors.ts";
import { LinuxFiles } from "../../../src/platform/linux/linux_files.ts";
import { assertEquals, assertRejects } from "../../_support/assert.ts";
import { SMALL_ACCOUNTS, writeTree } from "./_fake_processes.ts";

const encoder = new TextEncoder();
const notRoot = Deno.uid() !== 0;

async function withRoot(fn: (root: string, files: LinuxFiles) => Promise<void>): Promise<void> {
  const root = await Deno.makeTempDir({ prefix: "egs-files-" });
  try {
    await writeTree(root, SMALL_ACCOUNTS);
    await fn(root, new LinuxFiles(root));
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

function modeOf(path: string): number {
  return Deno.statSync(path).mode! & 0o7777;
}

Deno.test("LinuxFiles.write() creates parents and sets the mode", async () => {
  await withRoot(async (root, files) => {
    await files.write("/srv/app/config/app.conf", encoder.encode("a=1\n"), { mode: 0o640 });
    assertEquals(await Deno.readTextFile(`${root}/srv/app/config/app.conf`), "a=1\n");
    assertEquals(modeOf(`${root}/srv/app/config/app.conf`), 0o640);
    assertEquals(modeOf(`${root}/srv/app`), 0o755);
  });
});

Deno.test("LinuxFiles.write() gives a new file 0644 and keeps an existing file's mode", async () => {
  await withRoot(async (root, files) => {
    await files.write("/etc/new.conf", encoder.encode("x"));
    assertEquals(modeOf(`${root}/etc/new.conf`), 0o644);
    await Deno.chmod(`${root}/etc/new.conf`, 0o600);
    await files.write("/etc/new.conf", encoder.encode("y"));
    assertEquals(modeOf(`${root}/etc/new.conf`), 0o600);
  });
});

Deno.test("LinuxFiles.write() appends when append is set", async () => {
  await withRoot(async (root, files) => {
    await files.write("/etc/motd", encoder.encode("one\n"));
    await files.write("/etc/motd", encoder.encode("two\n"), { append: true });
    assertEquals(await Deno.readTextFile(`${root}/etc/motd`), "one\ntwo\n");
  });
});

Deno.test("LinuxFiles.write() replaces the file atomically and leaves no temporary file", async () => {
  await withRoot(async (root, files) => {
    await files.write("/etc/app.conf", encoder.encode("old"));
    const before = Deno.statSync(`${root}/etc/app.conf`).ino;
    await files.write("/etc/app.conf", encoder.encode("new"));
    assertEquals(await Deno.readTextFile(`${root}/etc/app.conf`), "new");
    assertEquals(Deno.statSync(`${root}/etc/app.conf`).ino === before, false);
    const names = [...Deno.readDirSync(`${root}/etc`)].map((entry) => entry.name);
    assertEquals(names.filter((name) => name.includes("egs-tmp")), []);
  });
});

Deno.test("LinuxFiles.write() writes through a link into the root", async () => {
  await withRoot(async (root, files) => {
    await Deno.mkdir(`${root}/run`);
    await Deno.symlink("/run", `${root}/etc/run-link`);
    await files.write("/etc/run-link/state", encoder.encode("s"));
    assertEquals(await Deno.readTextFile(`${root}/run/state`), "s");
  });
});

Deno.test("LinuxFiles.write() rejects paths that escape the root", async () => {
  await withRoot(async (root, files) => {
    await Deno.symlink("../../../../../../../../tmp", `${root}/etc/out`);
    await assertRejects(
      () => files.write("/../../etc/passwd", encoder.encode("x")),
      OperationError,
      "climbs above",
    );
    await assertRejects(
      () => files.write("/etc/out/x", encoder.encode("x")),
      OperationError,
      "climbs above",
    );
    await assertRejects(
      () => files.write("relative/x", encoder.encode("x")),
      RangeError,
      "absolute path",
    );
  });
});

Deno.test({
  name: "LinuxFiles.write() resolves the owner from the root's passwd and group",
  ignore: notRoot,
  fn: async () => {
    await withRoot(async (root, files) => {
      // Ids that this machine's accounts are unlikely to use, so a lookup on
      // the host instead of the root would show.
      await writeTree(root, {
        "/etc/passwd": "root:x:0:0::/root:/bin/sh\ncarol:x:4321:4322::/home/carol:/bin/sh\n",
        "/etc/group": "root:x:0:\ncarol:x:4322:\nops:x:4400:carol\n",
      });
      const cases: [string, number, number][] = [
        ["carol:ops", 4321, 4400],
        ["carol:carol", 4321, 4322],
        ["carol", 4321, 0],
        ["4321:4400", 4321, 4400],
        ["root:root", 0, 0],
      ];
      for (const [owner, uid, gid] of cases) {
        await files.write("/srv/owned", encoder.encode(owner), { owner });
        const info = Deno.statSync(`${root}/srv/owned`);
        assertEquals([info.uid, info.gid], [uid, gid], owner);
        await files.write("/srv/owned", encoder.encode(owner), { owner: "root:root" });
      }
    });
  },
});

Deno.test("LinuxFiles.write() rejects an owner missing from the root", async () => {
  await withRoot(async (_root, files) => {
    await assertRejects(
      () => files.write("/srv/x", encoder.encode("x"), { owner: "nobody-here:root" }),
      OperationError,
      'user "nobody-here" not found',
    );
    await assertRejects(
      () => files.write("/srv/x", encoder.encode("x"), { owner: "alice:nogroup" }),
      OperationError,
      'group "nogroup" not found',
    );
  });
});

Deno.test("LinuxFiles.read(), exists() and remove() stay inside the root", async () => {
  await withRoot(async (root, files) => {
    assertEquals(await files.read("/etc/missing"), undefined);
    assertEquals(await files.exists("/etc/passwd"), true);
    await Deno.writeTextFile(`${root}/etc/target`, "t");
    await Deno.symlink("/etc/target", `${root}/etc/link`);
    await files.remove("/etc/link");
    assertEquals(await files.exists("/etc/target"), true);
    assertEquals(await files.exists("/etc/link"), false);
    await files.remove("/etc/link");
  });
});

Deno.test("LinuxFiles.ensureFolder() creates the folder with its mode", async () => {
  await withRoot(async (root, files) => {
    // A kill right after the mkdir is played by a chmod that fails.
    const chmod = Deno.chmod;
    Deno.chmod = () => Promise.reject(new Error("killed"));
    try {
      await assertRejects(() => files.ensureFolder("/etc/sudoers.d", 0o750), Error, "killed");
    } finally {
      Deno.chmod = chmod;
    }

    assertEquals(modeOf(`${root}/etc/sudoers.d`), 0o750);
  });
});
