import { dirname } from "node:path";
import { assertEquals } from "../../_support/assert.ts";
import { walkLocalTree } from "../../../src/tool/transfer/local_tree.ts";

async function makeTree(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "egs_tree_" });
  const root = `${dir}/root`;
  await Deno.mkdir(`${root}/sub/deep`, { recursive: true });
  await Deno.writeTextFile(`${root}/a.txt`, "hello");
  await Deno.chmod(`${root}/a.txt`, 0o640);
  await Deno.utime(`${root}/a.txt`, 1_500_000_000, 1_600_000_000);
  await Deno.writeTextFile(`${root}/sub/deep/b.txt`, "b");
  await Deno.writeTextFile(`${dir}/outside.txt`, "secret");
  await Deno.symlink("a.txt", `${root}/inside_link`);
  await Deno.symlink("../outside.txt", `${root}/outside_link`);
  await Deno.symlink("sub", `${root}/dir_link`);
  await Deno.symlink("missing", `${root}/dangling`);
  return root;
}

Deno.test("walkLocalTree() describes files, modes and times", async () => {
  const root = await makeTree();
  try {
    const entries = await walkLocalTree(root, true);
    const byPath = new Map(entries.map((e) => [e.relativePath, e]));
    assertEquals([...byPath.keys()].sort(), [
      "a.txt",
      "dangling",
      "dir_link",
      "inside_link",
      "outside_link",
      "sub",
      "sub/deep",
      "sub/deep/b.txt",
    ]);
    const file = byPath.get("a.txt")!;
    assertEquals(file.kind, "file");
    assertEquals(file.size, 5);
    assertEquals(file.mode, 0o640);
    assertEquals(file.mtime, 1_600_000_000);
    assertEquals(file.atime, 1_500_000_000);
  } finally {
    await Deno.remove(dirname(root), { recursive: true });
  }
});

Deno.test("walkLocalTree() resolves symlinks without following them", async () => {
  const root = await makeTree();
  try {
    const byPath = new Map((await walkLocalTree(root, true)).map((e) => [e.relativePath, e]));
    assertEquals(byPath.get("inside_link")!.link, { targetKind: "file", insideRoot: true });
    assertEquals(byPath.get("inside_link")!.size, 5);
    assertEquals(byPath.get("outside_link")!.link, { targetKind: "file", insideRoot: false });
    assertEquals(byPath.get("dir_link")!.link, { targetKind: "directory", insideRoot: true });
    assertEquals(byPath.get("dangling")!.link, { targetKind: "missing", insideRoot: false });
    assertEquals(byPath.has("dir_link/deep"), false);
  } finally {
    await Deno.remove(dirname(root), { recursive: true });
  }
});

Deno.test("walkLocalTree() stays at the top without recursive", async () => {
  const root = await makeTree();
  try {
    const paths = (await walkLocalTree(root, false)).map((e) => e.relativePath);
    assertEquals(paths.includes("sub"), true);
    assertEquals(paths.some((path) => path.includes("/")), false);
  } finally {
    await Deno.remove(dirname(root), { recursive: true });
  }
});
