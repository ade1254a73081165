import { existsSync } from "node:fs";
import { join } from "node:path";
import { assert, assertEquals, assertMatch, assertRejects } from "./assert.ts";
import { copyTree } from "./_debian_build.ts";
import { ensureCachedTree, removeTree } from "./_debian_cache.ts";
import {
  DEFAULT_DEBIAN_MIRROR,
  findDebianMirror,
  mirrorForSuite,
  parseAptSources,
} from "./_debian_mirror.ts";
import { copyDebianRoot, debianRootPath, ensureDebianRoot } from "./debian_root.ts";

const DEB822 = `Types: deb deb-src
# http://snapshot.debian.org/archive/debian/20250520T000000Z
URIs: http://deb.example.org/debian
Suites: bookworm bookworm-updates
Components: main

Types: deb
URIs: http://security.example.org/debian-security
Suites: bookworm-security
Components: main

Types: deb
URIs: http://disabled.example.org/debian
Suites: trixie
Enabled: no

Types: deb-src
URIs: http://source.example.org/debian
Suites: sid
`;

async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "egs-debian-root-test-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("parseAptSources() reads deb822 stanzas", () => {
  assertEquals(parseAptSources(DEB822), [
    { uris: ["http://deb.example.org/debian"], suites: ["bookworm", "bookworm-updates"] },
    { uris: ["http://security.example.org/debian-security"], suites: ["bookworm-security"] },
  ]);
});

Deno.test("parseAptSources() reads one-line entries with options", () => {
  const text = [
    "# deb http://commented.example.org/debian bookworm main",
    "deb-src http://source.example.org/debian bookworm main",
    "deb [arch=amd64 signed-by=/usr/share/keyrings/x.gpg] http://deb.example.org/debian bookworm main",
    "deb http://other.example.org/debian trixie main # trailing comment",
  ].join("\n");
  assertEquals(parseAptSources(text), [
    { uris: ["http://deb.example.org/debian"], suites: ["bookworm"] },
    { uris: ["http://other.example.org/debian"], suites: ["trixie"] },
  ]);
});

Deno.test("mirrorForSuite() matches the suite exactly", () => {
  const sources = [
    { uris: ["http://security.example.org/debian-security"], suites: ["bookworm-security"] },
    { uris: ["http://deb.example.org/debian"], suites: ["bookworm"] },
  ];
  assertEquals(mirrorForSuite(sources, "bookworm"), "http://deb.example.org/debian");
  assertEquals(mirrorForSuite(sources, "trixie"), undefined);
});

Deno.test("findDebianMirror() reads sources.list.d in lexical order", async () => {
  await withTempDir(async (aptDir) => {
    await Deno.mkdir(join(aptDir, "sources.list.d"));
    await Deno.writeTextFile(
      join(aptDir, "sources.list.d", "b.list"),
      "deb http://second.example.org/debian bookworm main\n",
    );
    await Deno.writeTextFile(join(aptDir, "sources.list.d", "a.sources"), DEB822);
    await Deno.writeTextFile(
      join(aptDir, "sources.list.d", "c.list.disabled"),
      "deb http://x/ bookworm main\n",
    );
    assertEquals(await findDebianMirror("bookworm", aptDir), "http://deb.example.org/debian");
  });
});

Deno.test("findDebianMirror() falls back when no source lists the suite", async () => {
  await withTempDir(async (aptDir) => {
    await Deno.writeTextFile(
      join(aptDir, "sources.list"),
      "deb http://x.example.org/debian sid main\n",
    );
    assertEquals(await findDebianMirror("bookworm", aptDir), DEFAULT_DEBIAN_MIRROR);
  });
});

Deno.test("ensureCachedTree() builds once and reuses the tree", async () => {
  await withTempDir(async (cacheDir) => {
    let builds = 0;
    const build = async (partialDir: string) => {
      builds++;
      await new Promise((resolve) => setTimeout(resolve, 50));
      await Deno.writeTextFile(join(partialDir, "marker"), "built");
    };

    const [first, second] = await Promise.all([
      ensureCachedTree(cacheDir, "tree", build),
      ensureCachedTree(cacheDir, "tree", build),
    ]);
    const third = await ensureCachedTree(cacheDir, "tree", build);

    assertEquals(builds, 1);
    assertEquals(first, join(cacheDir, "tree"));
    assertEquals(second, first);
    assertEquals(third, first);
    assertEquals(await Deno.readTextFile(join(first, "marker")), "built");
  });
});

Deno.test("ensureCachedTree() leaves nothing behind when the build fails", async () => {
  await withTempDir(async (cacheDir) => {
    await assertRejects(
      () =>
        ensureCachedTree(cacheDir, "tree", async (partialDir) => {
          await Deno.writeTextFile(join(partialDir, "half"), "");
          throw new Error("download failed");
        }),
      Error,
      "download failed",
    );

    const names = [...Deno.readDirSync(cacheDir)].map((entry) => entry.name);
    assertEquals(names, [".tree.lock"]);

    const path = await ensureCachedTree(cacheDir, "tree", async () => {});
    assert(existsSync(path), "a later call builds the tree again");
  });
});

Deno.test("ensureCachedTree() removes partial trees of interrupted builds", async () => {
  await withTempDir(async (cacheDir) => {
    const leftover = join(cacheDir, ".tree.partial-12345");
    await Deno.mkdir(join(leftover, "usr"), { recursive: true });
    const unrelated = join(cacheDir, ".other.partial-12345");
    await Deno.mkdir(unrelated);

    await ensureCachedTree(cacheDir, "tree", async () => {});

    assert(!existsSync(leftover), "the leftover partial tree is removed");
    assert(existsSync(unrelated), "partial trees of other names are kept");
  });
});

Deno.test("copyTree() keeps modes and symbolic links", async () => {
  await withTempDir(async (dir) => {
    const source = join(dir, "source");
    await Deno.mkdir(join(source, "etc"), { recursive: true });
    await Deno.writeTextFile(join(source, "etc", "shadow"), "root:*:1:0:99999:7:::\n");
    await Deno.chmod(join(source, "etc", "shadow"), 0o640);
    await Deno.symlink("/etc/shadow", join(source, "shadow-link"));

    const dest = join(dir, "dest");
    await copyTree(source, dest);

    assertEquals((await Deno.stat(join(dest, "etc", "shadow"))).mode! & 0o777, 0o640);
    assertEquals(await Deno.readLink(join(dest, "shadow-link")), "/etc/shadow");
  });
});

Deno.test("copyTree() rejects a folder that is not empty", async () => {
  await withTempDir(async (dir) => {
    await Deno.writeTextFile(join(dir, "file"), "");
    await assertRejects(() => copyTree(dir, dir), Error, "is not empty");
  });
});

Deno.test("removeTree() removes nested folders", async () => {
  await withTempDir(async (dir) => {
    await Deno.mkdir(join(dir, "a", "b"), { recursive: true });
    await removeTree(join(dir, "a"));
    assert(!existsSync(join(dir, "a")));
  });
});

// Uses a root that is already cached and never builds one, because a first
// build downloads from the Debian mirror and takes a minute or more.
const cachedMinbase = debianRootPath("minbase");
Deno.test({
  name: "copyDebianRoot() makes a private writable copy",
  ignore: Deno.uid() !== 0 || !existsSync(cachedMinbase),
  fn: async () => {
    assertEquals(await ensureDebianRoot(), cachedMinbase);
    await withTempDir(async (dir) => {
      const copy = await copyDebianRoot(join(dir, "root"));
      await Deno.writeTextFile(join(copy, "etc", "hostname"), "private-copy\n");

      assertMatch(await Deno.readTextFile(join(copy, "etc", "debian_version")), /^12\./);
      assert((await Deno.stat(join(copy, "usr", "bin", "apt-get"))).isFile);
      assert(
        (await Deno.readTextFile(join(cachedMinbase, "etc", "hostname"))) !== "private-copy\n",
        "the cached root is unchanged",
      );
    });
  },
});
