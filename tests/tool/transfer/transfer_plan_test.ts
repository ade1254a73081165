import { assertEquals } from "../../_support/assert.ts";
import { buildTransferPlan } from "../../../src/tool/transfer/transfer_plan.ts";
import type { TreeEntry } from "../../../src/tool/transfer/tree_entry.ts";

function entry(relativePath: string, kind: TreeEntry["kind"], extra: Partial<TreeEntry> = {}) {
  return { relativePath, kind, size: 10, mode: 0o644, atime: 1, mtime: 2, ...extra } as TreeEntry;
}

const TREE: TreeEntry[] = [
  entry("b/c/deep.txt", "file"),
  entry("b", "directory", { size: 0 }),
  entry("a.txt", "file", { size: 5 }),
  entry("b/c", "directory", { size: 0 }),
  entry("b/inner.txt", "file", { size: 7 }),
  entry("fifo", "other"),
];

Deno.test("buildTransferPlan() lists every file and directory when recursive", () => {
  const plan = buildTransferPlan(TREE, true);
  assertEquals(plan.directories.map((d) => d.relativePath), ["b", "b/c"]);
  assertEquals(plan.files.map((f) => f.relativePath).sort(), [
    "a.txt",
    "b/c/deep.txt",
    "b/inner.txt",
  ]);
  assertEquals(plan.totalBytes, 5 + 7 + 10);
  assertEquals(plan.skipped, [{ relativePath: "fifo", reason: "not a regular file or directory" }]);
});

Deno.test("buildTransferPlan() keeps top-level files without recursive", () => {
  const plan = buildTransferPlan(TREE, false);
  assertEquals(plan.directories, []);
  assertEquals(plan.files.map((f) => f.relativePath), ["a.txt"]);
  assertEquals(plan.totalBytes, 5);
  assertEquals(plan.skipped.map((s) => [s.relativePath, s.reason]), [
    ["b", "subdirectory"],
    ["fifo", "not a regular file or directory"],
  ]);
});

Deno.test("buildTransferPlan() puts parents before children", () => {
  const deep = [entry("x/y/z", "directory"), entry("x", "directory"), entry("x/y", "directory")];
  assertEquals(buildTransferPlan(deep, true).directories.map((d) => d.relativePath), [
    "x",
    "x/y",
    "x/y/z",
  ]);
});

Deno.test("buildTransferPlan() copies a symlink to a file inside the root", () => {
  const link = entry("l", "symlink", { size: 3, link: { targetKind: "file", insideRoot: true } });
  const plan = buildTransferPlan([link], true);
  assertEquals(plan.files.length, 1);
  assertEquals(plan.files[0].kind, "file");
  assertEquals(plan.files[0].size, 3);
  assertEquals(plan.skipped, []);
});

Deno.test("buildTransferPlan() skips symlinks out of the root", () => {
  const links = [
    entry("out", "symlink", { link: { targetKind: "file", insideRoot: false } }),
    entry("dir", "symlink", { link: { targetKind: "directory", insideRoot: true } }),
    entry("gone", "symlink", { link: { targetKind: "missing", insideRoot: false } }),
  ];
  const plan = buildTransferPlan(links, true);
  assertEquals(plan.files, []);
  assertEquals(plan.skipped.map((s) => [s.relativePath, s.reason]), [
    ["dir", "symbolic link to a directory"],
    ["gone", "dangling symbolic link"],
    ["out", "symbolic link to a target outside the source directory"],
  ]);
});
