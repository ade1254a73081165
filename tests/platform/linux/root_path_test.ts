import { OperationError } from "../../../src/errors.ts";
import { pathInRoot, resolveInRoot } from "../../../src/platform/linux/root_path.ts";
import { assertEquals, assertRejects } from "../../_support/assert.ts";

async function makeRoot(): Promise<string> {
  const root = await Deno.makeTempDir({ prefix: "egs-root-path-" });
  await Deno.mkdir(`${root}/etc/ssh`, { recursive: true });
  await Deno.mkdir(`${root}/run`, { recursive: true });
  await Deno.mkdir(`${root}/var`, { recursive: true });
  await Deno.symlink("/run", `${root}/var/run`);
  await Deno.symlink("../run/resolv.conf", `${root}/etc/resolv.conf`);
  await Deno.symlink("../../../../../etc", `${root}/etc/escape`);
  await Deno.symlink("loop-b", `${root}/etc/loop-a`);
  await Deno.symlink("loop-a", `${root}/etc/loop-b`);
  return root;
}

Deno.test("resolveInRoot() maps target paths under the root", async () => {
  const root = await makeRoot();
  try {
    const cases: [string, string][] = [
      ["/etc/hostname", "/etc/hostname"],
      ["/etc/ssh/../hosts", "/etc/hosts"],
      ["/etc//./ssh/sshd_config", "/etc/ssh/sshd_config"],
      ["/var/run/egs.pid", "/run/egs.pid"],
      ["/etc/resolv.conf", "/run/resolv.conf"],
      ["/new/folder/file", "/new/folder/file"],
      ["/", "/"],
    ];
    for (const [path, expected] of cases) {
      assertEquals(
        await resolveInRoot(root, path),
        `${root}${expected === "/" ? "" : expected}`,
        path,
      );
    }
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("resolveInRoot() keeps a final link when followLast is false", async () => {
  const root = await makeRoot();
  try {
    assertEquals(
      await resolveInRoot(root, "/etc/resolv.conf", { followLast: false }),
      `${root}/etc/resolv.conf`,
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("resolveInRoot() rejects paths that leave the root", async () => {
  const root = await makeRoot();
  try {
    await assertRejects(
      () => resolveInRoot(root, "/../etc/passwd"),
      OperationError,
      "climbs above the root",
    );
    await assertRejects(
      () => resolveInRoot(root, "/etc/../../x"),
      OperationError,
      "climbs above the root",
    );
    await assertRejects(
      () => resolveInRoot(root, "/etc/escape/passwd"),
      OperationError,
      "symbolic link",
    );
    await assertRejects(
      () => resolveInRoot(root, "/etc/loop-a"),
      OperationError,
      "more than 40 symbolic links",
    );
    await assertRejects(
      () => resolveInRoot(root, "etc/hostname"),
      RangeError,
      "expected an absolute path",
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("pathInRoot() turns host paths back into target paths", () => {
  assertEquals(pathInRoot("/tmp/r", "/tmp/r/etc/hosts"), "/etc/hosts");
  assertEquals(pathInRoot("/tmp/r/", "/tmp/r"), "/");
  assertEquals(pathInRoot("/tmp/r", "/tmp/rx/etc"), "/tmp/rx/etc");
});
