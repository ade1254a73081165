import { assertEquals } from "../../_support/assert.ts";
import { LinuxFiles } from "../../../src/platform/linux/linux_files.ts";
import { removeStaleAccountLocks } from "../../../src/platform/linux/stale_account_locks.ts";

const BOOT_SECONDS = 1_800_000_000;

interface FakeProcess {
  pid: number;
  state: string;
}

/** Builds a target root and a fake /proc with the given processes, then runs `fn`. */
async function withTarget(
  processes: FakeProcess[],
  fn: (root: string, procDir: string) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "egs-locks-" });
  try {
    await Deno.mkdir(`${dir}/root/etc`, { recursive: true });
    await Deno.mkdir(`${dir}/proc`);
    await Deno.writeTextFile(`${dir}/proc/stat`, `cpu  1 2 3\nbtime ${BOOT_SECONDS}\n`);
    for (const process of processes) {
      await Deno.mkdir(`${dir}/proc/${process.pid}`);
      await Deno.writeTextFile(
        `${dir}/proc/${process.pid}/stat`,
        `${process.pid} (use radd) ${process.state} 1 1 1\n`,
      );
    }
    await fn(`${dir}/root`, `${dir}/proc`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function writeLock(root: string, name: string, content: string, seconds: number) {
  const path = `${root}/etc/${name}`;
  await Deno.writeTextFile(path, content);
  await Deno.utime(path, seconds, seconds);
}

const AFTER_BOOT = BOOT_SECONDS + 60;

Deno.test("removeStaleAccountLocks() removes locks of missing and zombie processes", async () => {
  await withTarget([{ pid: 200, state: "Z" }], async (root, procDir) => {
    await writeLock(root, "group.lock", "100\0", AFTER_BOOT);
    await writeLock(root, "gshadow.lock", "200", AFTER_BOOT);
    await writeLock(root, "passwd.100", "100", AFTER_BOOT);
    const removed = await removeStaleAccountLocks(new LinuxFiles(root), { procDir });
    assertEquals(removed.sort(), ["/etc/group.lock", "/etc/gshadow.lock", "/etc/passwd.100"]);
    assertEquals(await Array.fromAsync(Deno.readDir(`${root}/etc`)), []);
  });
});

Deno.test("removeStaleAccountLocks() keeps the lock of a live process", async () => {
  await withTarget([{ pid: 300, state: "S" }], async (root, procDir) => {
    await writeLock(root, "passwd.lock", "300\n", AFTER_BOOT);
    await writeLock(root, "shadow.300", "300", AFTER_BOOT);
    const removed = await removeStaleAccountLocks(new LinuxFiles(root), { procDir });
    assertEquals(removed, []);
  });
});

Deno.test("removeStaleAccountLocks() removes a live PID's lock from before the boot", async () => {
  await withTarget([{ pid: 300, state: "S" }], async (root, procDir) => {
    await writeLock(root, "passwd.lock", "300", BOOT_SECONDS - 60);
    const removed = await removeStaleAccountLocks(new LinuxFiles(root), { procDir });
    assertEquals(removed, ["/etc/passwd.lock"]);
  });
});

Deno.test("removeStaleAccountLocks() ignores other files in /etc", async () => {
  await withTarget([], async (root, procDir) => {
    await writeLock(root, "passwd", "root:x:0:0::/root:/bin/sh\n", AFTER_BOOT);
    await writeLock(root, "passwd-", "root:x:0:0::/root:/bin/sh\n", AFTER_BOOT);
    await writeLock(root, "hosts.lock", "100", AFTER_BOOT);
    const removed = await removeStaleAccountLocks(new LinuxFiles(root), { procDir });
    assertEquals(removed, []);
  });
});

Deno.test("removeStaleAccountLocks() accepts a root without /etc", async () => {
  await withTarget([], async (root, procDir) => {
    await Deno.remove(`${root}/etc`);
    assertEquals(await removeStaleAccountLocks(new LinuxFiles(root), { procDir }), []);
  });
});

Deno.test("removeStaleAccountLocks() removes a half-written NAME+ that no lock covers", async () => {
  await withTarget([{ pid: 300, state: "S" }], async (root, procDir) => {
    await writeLock(root, "gshadow+", "root:*::\n", AFTER_BOOT);
    await writeLock(root, "group+", "root:x:0:\n", AFTER_BOOT);
    await writeLock(root, "group.lock", "300", AFTER_BOOT);
    const removed = await removeStaleAccountLocks(new LinuxFiles(root), { procDir });
    // group+ belongs to the live writer that holds group.lock.
    assertEquals(removed, ["/etc/gshadow+"]);
  });
});
