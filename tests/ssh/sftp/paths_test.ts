import { assertEquals } from "../../_support/assert.ts";
import { canonicalPath, expandHome, resolvePath } from "../../../src/ssh/sftp/paths.ts";

Deno.test("resolvePath() resolves relative paths against the home", () => {
  const cases: [string, string][] = [
    ["", "/home/egs"],
    [".", "/home/egs"],
    ["a/b", "/home/egs/a/b"],
    ["../x", "/home/x"],
    ["/etc/hosts", "/etc/hosts"],
    ["/a/./b/../c", "/a/c"],
  ];
  for (const [path, expected] of cases) {
    assertEquals(resolvePath("/home/egs", path), expected, path);
  }
});

Deno.test("expandHome() expands only a leading tilde", () => {
  assertEquals(expandHome("/root", "~"), "/root");
  assertEquals(expandHome("/root", "~/x"), "/root/x");
  assertEquals(expandHome("/root", "a/~"), "a/~");
  assertEquals(expandHome("/root", "~other/x"), "~other/x");
});

Deno.test("canonicalPath() resolves links and keeps missing paths", async () => {
  const dir = await Deno.realPath(await Deno.makeTempDir());
  try {
    await Deno.mkdir(`${dir}/real`);
    await Deno.symlink("real", `${dir}/link`);

    assertEquals(await canonicalPath(dir, "link"), `${dir}/real`);
    assertEquals(await canonicalPath(dir, "missing/../new"), `${dir}/new`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
